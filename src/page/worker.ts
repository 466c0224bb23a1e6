// The page's Web Worker: reads the two files and computes the report off the main thread, so a large file
// does not freeze the page. It runs the page's own script (a blob: URL of its text), see main.ts.
import { analyze, startEngine, type PageOptions, type PageResult, type Progress } from './analyze.js';

/** main → worker */
export interface RunRequest { type: 'run'; id: number; reference: File; current: File; options: PageOptions }
/** worker → main */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'done'; id: number; result: PageResult }
  | { type: 'error'; id: number; message: string };

/** The parts of a DedicatedWorkerGlobalScope used here (the DOM lib, which the page compiles against, lacks it). */
interface WorkerScope {
  onmessage: ((e: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: WorkerMessage): void;
}

/** A message for people: the error's own text (driftkit's errors name the file, line and column). */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function serveWorker(): void {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = (e) => {
    const { id, reference, current, options } = e.data;
    let last = 0;
    const progress = (p: Progress) => {
      // at most ~20 messages a second
      const now = performance.now();
      if (now - last < 50 && p.fraction < 1) return;
      last = now;
      scope.postMessage({ type: 'progress', id, progress: p });
    };
    analyze(reference, current, options, progress).then(
      (result) => scope.postMessage({ type: 'done', id, result }),
      (err: unknown) => scope.postMessage({ type: 'error', id, message: messageOf(err) }),
    );
  };
  // compile the WASM while the person picks files
  void startEngine().finally(() => scope.postMessage({ type: 'ready' }));
}
