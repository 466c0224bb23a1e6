// Entry of the drop-two-CSVs page (dist/page/index.html, built by scripts/build-page.mjs). One script plays
// both roles: in the page it starts the UI, and the UI starts a Web Worker from a blob: URL of this same
// script's text, which then serves the computation. Nothing runs where neither applies (e.g. Node).
import { serveWorker } from './worker.js';
import { startPage } from './ui.js';

const g = globalThis as { document?: unknown; WorkerGlobalScope?: unknown };
if (g.document !== undefined) startPage();
else if (g.WorkerGlobalScope !== undefined) serveWorker();
