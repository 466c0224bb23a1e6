// The page's UI: two drop zones (a file input each, drag-and-drop, or both files dropped at once), the
// reference's columns with their detected kinds (untick to leave out, change the kind), a few compare options,
// progress, errors, and the report in an iframe. The work runs in a Web Worker started from this script's
// own text; where none can start it runs here. For tests, <html data-state> is loading | ready | running |
// done | error and window.driftkitPage holds the last result or error.
import type { FeatureKind } from '../index.js';
import { analyze, type PageOptions, type PageResult, type Progress } from './analyze.js';
import { inspectCsv, sniffDelimiter, type CsvSchema } from './csv.js';
import { messageOf, type RunRequest, type WorkerMessage } from './worker.js';

type SideName = 'reference' | 'current';

interface Slot {
  file?: File;
  /** The detected delimiter of the file's header line. */
  sniffed?: string;
  /** The reference's header and kinds (reference only). */
  schema?: CsvSchema;
}

export interface PageState {
  state: 'loading' | 'ready' | 'running' | 'done' | 'error';
  result?: PageResult;
  error?: string;
}

declare global {
  interface Window { driftkitPage?: PageState }
}

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`driftkit page: #${id} is missing`);
  return el as T;
};

const fmtInt = (n: number) => n.toLocaleString('en-US');
function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
const plural = (n: number, one: string, many = `${one}s`) => `${fmtInt(n)} ${n === 1 ? one : many}`;

export function startPage(): void {
  const slots: Record<SideName, Slot> = { reference: {}, current: {} };
  const root = document.documentElement;
  const runBtn = $<HTMLButtonElement>('run');
  const status = $('status');
  const progress = $('progress');
  const bar = $('bar');
  const errorBox = $('error');
  const resultBox = $('result');
  const frame = $<HTMLIFrameElement>('report');
  const colsBody = ($<HTMLTableElement>('cols')).tBodies[0];
  const predSel = $<HTMLSelectElement>('opt-prediction');
  const delimSel = $<HTMLSelectElement>('opt-delimiter');
  let runId = 0;
  let shown: PageResult | undefined;
  let urls: string[] = [];

  const setState = (s: PageState) => {
    window.driftkitPage = s;
    root.dataset.state = s.state;
  };

  // ---- the worker: this very script, from a blob: URL ----
  let worker: Worker | undefined;
  let workerReady = false;
  let workerFailed = false;
  let pending: { id: number; reference: File; current: File; options: PageOptions } | undefined;

  function startWorker(): Worker | undefined {
    if (workerFailed) return undefined;
    if (worker) return worker;
    const src = document.getElementById('driftkit-page')?.textContent ?? '';
    if (!src.trim() || typeof Worker !== 'function') { workerFailed = true; return undefined; }
    try {
      const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
      worker = new Worker(url);
      workerReady = false;
      worker.onmessage = (e: MessageEvent<WorkerMessage>) => onWorker(e.data, url);
      worker.onerror = (e) => {
        e.preventDefault();
        if (!workerReady) return fallBack(`the worker did not start (${e.message || 'error'})`);
        fail(pending?.id ?? runId, `The computation stopped unexpectedly${e.message ? ` (${e.message})` : ''}. A file may be too large for this tab's memory.`);
        stopWorker();
      };
      return worker;
    } catch {
      workerFailed = true;
      return undefined;
    }
  }

  function stopWorker(): void {
    worker?.terminate();
    worker = undefined;
    workerReady = false;
  }

  /** No worker here (a policy or the browser forbids blob: workers): compute on this thread instead. */
  function fallBack(why: string): void {
    stopWorker();
    workerFailed = true;
    console.info(`driftkit: computing on the page's thread: ${why}`);
    if (root.dataset.state === 'loading') setState({ state: 'ready' });
    const p = pending;
    pending = undefined;
    if (p) void runHere(p.id, p.reference, p.current, p.options);
  }

  function onWorker(m: WorkerMessage, url: string): void {
    if (m.type === 'ready') {
      workerReady = true;
      URL.revokeObjectURL(url);
      if (root.dataset.state === 'loading') setState({ state: 'ready' });
      return;
    }
    if (m.id !== runId) return; // an older run
    if (m.type === 'progress') showProgress(m.progress);
    else if (m.type === 'done') { pending = undefined; show(m.id, m.result); }
    else { pending = undefined; fail(m.id, m.message); }
  }

  async function runHere(id: number, reference: File, current: File, options: PageOptions): Promise<void> {
    try {
      const result = await analyze(reference, current, options, (p) => { if (id === runId) showProgress(p); });
      show(id, result);
    } catch (e) {
      fail(id, messageOf(e));
    }
  }

  // ---- files ----
  function zone(side: SideName): HTMLElement { return $(`drop-${side}`); }

  function renderZone(side: SideName, note?: string): void {
    const z = zone(side);
    const s = slots[side];
    z.classList.toggle('has-file', !!s.file);
    z.classList.remove('bad');
    (z.querySelector('.d-empty') as HTMLElement).hidden = !!s.file;
    (z.querySelector('.d-file') as HTMLElement).hidden = !s.file;
    if (!s.file) return;
    (z.querySelector('.d-name') as HTMLElement).textContent = s.file.name;
    const bits = [fmtBytes(s.file.size)];
    if (s.schema) bits.push(plural(s.schema.header.length, 'column'));
    if (s.sniffed && s.sniffed !== ',') bits.push(`${s.sniffed === '\t' ? 'tab' : `"${s.sniffed}"`}-separated`);
    if (note) bits.push(note);
    (z.querySelector('.d-meta') as HTMLElement).textContent = bits.join(' · ');
  }

  const delimiterChoice = (): string | undefined => {
    const v = delimSel.value;
    return v === 'auto' ? undefined : v === 'tab' ? '\t' : v;
  };
  const delimiterFor = (side: SideName): string => delimiterChoice() ?? slots[side].sniffed ?? ',';

  /** Take a file for one side (undefined clears it); with both sides set, compare unless `autoStart` is false. */
  async function setFile(side: SideName, file: File | undefined, autoStart = true): Promise<void> {
    const s: Slot = file ? { file } : {};
    slots[side] = s;
    hideError();
    renderZone(side);
    if (side === 'reference') renderColumns();
    if (!file) { updateButton(true); return; }
    try {
      s.sniffed = sniffDelimiter(await file.slice(0, 64 * 1024).text());
      // reference: the header and the detected kinds, for the column options (reads only the inference
      // rows); current: the header alone (an empty or unreadable file shows at once)
      s.schema = await inspectCsv(file, file.name, { delimiter: delimiterFor(side), ...(side === 'current' ? { inferRows: 0 } : {}) });
    } catch (e) {
      if (slots[side] !== s) return;
      renderZone(side);
      zone(side).classList.add('bad');
      fail(++runId, messageOf(e));
      updateButton();
      return;
    }
    if (slots[side] !== s) return; // replaced meanwhile
    renderZone(side);
    if (side === 'reference') renderColumns();
    updateButton(true);
    if (autoStart && slots.reference.file && slots.current.file) start();
  }

  /** The button's state; with `say`, the status line tells what is missing. */
  function updateButton(say = false): void {
    const both = !!(slots.reference.file && slots.current.file);
    runBtn.disabled = !both || root.dataset.state === 'running';
    runBtn.textContent = shown ? 'Update report' : 'Compare';
    if (say) {
      status.textContent = both ? 'Ready: press Compare.' : slots.reference.file ? 'Now choose the current file.' : slots.current.file ? 'Now choose the reference file.' : 'Choose the two files to start.';
    }
  }

  // ---- the column options ----
  function renderColumns(): void {
    const schema = slots.reference.schema;
    colsBody.textContent = '';
    ($('cols-empty')).hidden = !!schema;
    (colsBody.closest('.cols-wrap') as HTMLElement).hidden = !schema;
    const keep = predSel.value;
    predSel.length = 1;
    if (!schema) { summarizeOptions(); return; }
    for (const c of schema.columns) {
      const tr = document.createElement('tr');
      tr.dataset.column = c.name;
      const on = document.createElement('input');
      on.type = 'checkbox';
      on.checked = true;
      on.setAttribute('aria-label', `Compare ${c.name}`);
      on.addEventListener('change', () => { tr.classList.toggle('off', !on.checked); summarizeOptions(); });
      const name = document.createElement('td');
      name.className = 'c-name';
      name.textContent = c.name;
      if (c.note) {
        const n = document.createElement('span');
        n.className = 'note';
        n.textContent = 'no values in the first rows';
        name.append(n);
      }
      const sel = document.createElement('select');
      sel.setAttribute('aria-label', `Read ${c.name} as`);
      for (const k of ['numeric', 'categorical', 'boolean'] as const) {
        const o = document.createElement('option');
        o.value = k;
        o.textContent = k === c.kind ? `${k} (detected)` : k;
        sel.append(o);
      }
      sel.value = c.kind;
      sel.dataset.detected = c.kind;
      sel.addEventListener('change', () => { sel.classList.toggle('changed', sel.value !== c.kind); summarizeOptions(); });
      const td1 = document.createElement('td');
      td1.append(on);
      const td3 = document.createElement('td');
      td3.append(sel);
      tr.append(td1, name, td3);
      colsBody.append(tr);
      const p = document.createElement('option');
      p.value = p.textContent = c.name;
      predSel.append(p);
    }
    if (schema.columns.some((c) => c.name === keep)) predSel.value = keep;
    summarizeOptions();
  }

  function options(): PageOptions {
    const o: PageOptions = {};
    const types: Record<string, FeatureKind> = {};
    const features: string[] = [];
    let all = true;
    for (const tr of Array.from(colsBody.rows)) {
      const name = tr.dataset.column!;
      const on = tr.querySelector('input') as HTMLInputElement;
      const sel = tr.querySelector('select') as HTMLSelectElement;
      if (on.checked) features.push(name); else all = false;
      if (on.checked && sel.value !== sel.dataset.detected) types[name] = sel.value as FeatureKind;
    }
    if (!all) o.features = features;
    if (Object.keys(types).length) o.types = types;
    if (predSel.value) o.prediction = predSel.value;
    const corr = ($<HTMLSelectElement>('opt-correction')).value;
    if (corr === 'bh' || corr === 'bonferroni') o.correction = corr;
    const share = Number(($<HTMLInputElement>('opt-share')).value);
    if (Number.isFinite(share) && share > 0 && share <= 100 && share !== 50) o.driftShare = share / 100;
    if (($<HTMLInputElement>('opt-skip')).checked) o.skipBadRows = true;
    o.delimiter = { reference: delimiterFor('reference'), current: delimiterFor('current') };
    return o;
  }

  function summarizeOptions(): void {
    const o = options();
    const bits: string[] = [];
    const n = colsBody.rows.length;
    bits.push(o.features ? `${o.features.length} of ${n} columns` : 'every column');
    const t = Object.keys(o.types ?? {}).length;
    bits.push(t ? `${plural(t, 'kind')} changed` : 'kinds as detected');
    if (o.prediction) bits.push(`prediction ${o.prediction}`);
    if (o.correction) bits.push(o.correction === 'bh' ? 'Benjamini–Hochberg' : 'Bonferroni');
    if (o.driftShare !== undefined) bits.push(`dataset rule ${Math.round(o.driftShare * 100)} %`);
    if (o.skipBadRows) bits.push('skip bad rows');
    if (delimSel.value !== 'auto') bits.push(`delimiter ${delimSel.selectedOptions[0]?.textContent ?? ''}`);
    $('options-summary').textContent = bits.join(' · ');
    updateButton();
  }

  // ---- running ----
  function start(): void {
    const { reference, current } = slots;
    if (!reference.file || !current.file) return;
    const id = ++runId;
    const o = options();
    hideError();
    setState({ state: 'running' });
    runBtn.disabled = true;
    progress.hidden = false;
    showProgress({ phase: 'Starting', fraction: 0 });
    // a run in flight is abandoned: its worker goes with it
    if (pending) stopWorker();
    const w = startWorker();
    pending = { id, reference: reference.file, current: current.file, options: o };
    if (w) {
      const msg: RunRequest = { type: 'run', id, reference: reference.file, current: current.file, options: o };
      w.postMessage(msg);
    } else {
      pending = undefined;
      void runHere(id, reference.file, current.file, o);
    }
  }

  function showProgress(p: Progress): void {
    status.textContent = `${p.phase}… ${Math.round(p.fraction * 100)} %`;
    bar.style.width = `${(p.fraction * 100).toFixed(1)}%`;
  }

  function hideError(): void { errorBox.hidden = true; }

  function fail(id: number, message: string): void {
    if (id !== runId) return;
    setState({ state: 'error', error: message });
    progress.hidden = true;
    $('error-msg').textContent = message;
    errorBox.hidden = false;
    status.textContent = '';
    updateButton();
  }

  function show(id: number, r: PageResult): void {
    if (id !== runId) return;
    shown = r;
    progress.hidden = true;
    const rep = r.report;
    const engine = r.engine === 'wasm-simd' ? 'WebAssembly (SIMD)' : r.engine === 'wasm' ? 'WebAssembly' : 'JavaScript';
    status.textContent = `Done in ${(r.ms / 1000).toFixed(r.ms < 10_000 ? 1 : 0)} s with ${engine}.`;
    $('result-text').textContent = `${r.reference.name} (${plural(r.reference.rows, 'row')}) → ${r.current.name} (${plural(r.current.rows, 'row')}) · `
      + `${rep.driftedFeatures.length} of ${plural(rep.featuresMonitored, 'feature')} drifted`
      + (rep.driftDetected ? ' · dataset drift' : '');
    const notes: string[] = [];
    for (const s of [r.reference, r.current]) {
      if (s.skippedRows) notes.push(`${s.name}: skipped ${plural(s.skippedRows, 'row')} that did not fit, e.g. ${s.skipped.slice(0, 3).map((k) => `line ${k.line}${k.column ? ` (${k.column})` : ''}: ${k.reason}`).join('; ')}`);
    }
    const ignored = r.current.columns.length < r.reference.columns.length
      ? r.reference.columns.filter((c) => !r.current.columns.some((d) => d.name === c.name)).map((c) => c.name) : [];
    if (ignored.length) notes.push(`${r.current.name} lacks ${ignored.length === 1 ? 'the column' : 'the columns'} ${ignored.map((c) => JSON.stringify(c)).join(', ')}: reported as missing.`);
    if (r.engineNote) notes.push(`Computed with the JavaScript kernels: ${r.engineNote}.`);
    const notesBox = $('notes');
    notesBox.hidden = notes.length === 0;
    notesBox.textContent = '';
    for (const n of notes) { const p = document.createElement('p'); p.textContent = n; notesBox.append(p); }

    for (const u of urls) URL.revokeObjectURL(u);
    urls = [URL.createObjectURL(new Blob([r.html], { type: 'text/html' })), URL.createObjectURL(new Blob([JSON.stringify(rep, null, 2)], { type: 'application/json' }))];
    const stem = r.current.name.replace(/\.[^.]*$/, '') || 'current';
    const html = $<HTMLAnchorElement>('dl-html');
    html.href = urls[0];
    html.download = `drift-report-${stem}.html`;
    const json = $<HTMLAnchorElement>('dl-json');
    json.href = urls[1];
    json.download = `drift-report-${stem}.json`;

    resultBox.hidden = false;
    frame.onload = () => fitFrame();
    frame.srcdoc = r.html;
    setState({ state: 'done', result: r });
    updateButton();
  }

  /** The report's full height, so the page scrolls as one (the srcdoc frame is same-origin). */
  let observer: ResizeObserver | undefined;
  function fitFrame(): void {
    observer?.disconnect();
    const doc = frame.contentDocument;
    if (!doc?.body) return; // not readable: keep the CSS height, the frame scrolls itself
    const fit = () => { frame.style.height = `${doc.documentElement.scrollHeight}px`; };
    fit();
    observer = new ResizeObserver(fit);
    observer.observe(doc.body);
    resultBox.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  // ---- events ----
  for (const side of ['reference', 'current'] as const) {
    const z = zone(side);
    const input = $<HTMLInputElement>(`file-${side}`);
    input.addEventListener('change', () => { const f = input.files?.[0]; input.value = ''; if (f) void setFile(side, f); });
    z.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('.d-clear')) { e.stopPropagation(); void setFile(side, undefined); return; }
      if (e.target !== input) input.click();
    });
    z.addEventListener('keydown', (e) => { if ((e.key === 'Enter' || e.key === ' ') && e.target === z) { e.preventDefault(); input.click(); } });
    z.addEventListener('dragenter', (e) => { e.preventDefault(); z.classList.add('over'); });
    z.addEventListener('dragover', (e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; z.classList.add('over'); });
    z.addEventListener('dragleave', (e) => { if (!z.contains(e.relatedTarget as Node | null)) z.classList.remove('over'); });
    z.addEventListener('drop', (e) => {
      e.preventDefault();
      e.stopPropagation();
      z.classList.remove('over');
      drop(Array.from(e.dataTransfer?.files ?? []), side);
    });
  }
  // a file dropped beside the zones must not replace the page
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => { e.preventDefault(); drop(Array.from(e.dataTransfer?.files ?? [])); });

  /** Two files: reference then current, in the order given. One: the zone it fell on, else the first empty one. */
  function drop(files: File[], side?: SideName): void {
    if (files.length >= 2) {
      void setFile('reference', files[0], false).then(() => setFile('current', files[1]));
      return;
    }
    if (files.length === 1) void setFile(side ?? (!slots.reference.file ? 'reference' : 'current'), files[0]);
  }

  runBtn.addEventListener('click', () => start());
  // the reference's columns depend on the delimiter: read its header again
  delimSel.addEventListener('change', () => { if (slots.reference.file) void setFile('reference', slots.reference.file, false); else summarizeOptions(); });
  for (const id of ['opt-prediction', 'opt-correction', 'opt-share', 'opt-skip']) $(id).addEventListener('change', () => summarizeOptions());

  setState({ state: 'loading' });
  // compile the WASM in the worker while the person picks files
  if (!startWorker()) setState({ state: 'ready' });
  updateButton(true);
}
