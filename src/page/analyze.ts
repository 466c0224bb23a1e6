// The page's computation, as `driftkit compare REF.csv CUR.csv --format html` does it (src/cli/compare.ts):
// the reference file is read and profiled with its inferred (or chosen) kinds, the current file is read with
// the reference's kinds for the columns both have, compare() measures drift, renderHtml() draws the report.
// Runs in the page's Web Worker (or on the main thread where no worker can start). Browser-safe.
// From the modules themselves, not the library face: the page bundles only what it uses.
import { init, setDefaultWasmLoader, simdSupported, wasmReady } from '../engine/index.js';
import { compare, type CompareOptions, type DriftReport } from '../compare/compare.js';
import type { Correction } from '../compare/policy.js';
import { profile } from '../profile/build.js';
import type { FeatureKind } from '../profile/types.js';
import { renderHtml } from '../report/html.js';
import type { ColumnSchema, SkippedRow } from '../io/types.js';
import { inspectCsv, readCsv } from './csv.js';
import { WASM_SCALAR_BASE64, WASM_SIMD_BASE64 } from './wasm-inline.js';

export interface PageOptions {
  /** Field delimiter per file (default ','). */
  delimiter?: { reference?: string; current?: string };
  /** Kinds for reference columns instead of the inferred ones. */
  types?: Record<string, FeatureKind>;
  /** Compare these features only (default: every column of the reference). */
  features?: string[];
  prediction?: string;
  correction?: Correction;
  driftShare?: number;
  skipBadRows?: boolean;
}

export interface Side {
  name: string;
  bytes: number;
  rows: number;
  skippedRows: number;
  skipped: SkippedRow[];
  columns: ColumnSchema[];
  inferredFrom: number;
}

export interface PageResult {
  report: DriftReport;
  html: string;
  reference: Side;
  current: Side;
  /** The kernels that computed the report. */
  engine: 'wasm-simd' | 'wasm' | 'js';
  /** Why WASM is not used, when it is not. */
  engineNote?: string;
  ms: number;
}

export interface Progress {
  /** What is happening, for people. */
  phase: string;
  /** Done share of the whole job, 0..1. */
  fraction: number;
}

const decode = (b64: string): Uint8Array => {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};

let engine: Promise<{ engine: PageResult['engine']; note?: string }> | undefined;

/**
 * The WASM kernels from the inlined bytes: init() with no argument picks the SIMD build where the engine
 * validates SIMD, else the scalar one, through this loader. Where WASM cannot start (a policy forbids
 * compiling it), the JavaScript twins compute the same report, slower.
 */
export function startEngine(): Promise<{ engine: PageResult['engine']; note?: string }> {
  engine ??= (async () => {
    if (!WASM_SIMD_BASE64 || !WASM_SCALAR_BASE64) return { engine: 'js' as const, note: 'this build of the page carries no WASM' };
    setDefaultWasmLoader(async (build) => decode(build === 'simd' ? WASM_SIMD_BASE64 : WASM_SCALAR_BASE64));
    try {
      await init();
    } catch (e) {
      return { engine: 'js' as const, note: `WebAssembly could not start (${(e as Error).message})` };
    }
    return { engine: wasmReady() ? (simdSupported() ? 'wasm-simd' as const : 'wasm' as const) : 'js' as const };
  })();
  return engine;
}

/** Default delimiter of a file by its name: tab for .tsv / .tab, else comma. */
export const delimiterOf = (name: string): string => (/\.(tsv|tab)$/i.test(name) ? '\t' : ',');

function side(file: File, t: Awaited<ReturnType<typeof readCsv>>): Side {
  return { name: file.name, bytes: file.size, rows: t.rows, skippedRows: t.skippedRows, skipped: t.skipped, columns: t.columns, inferredFrom: t.inferredFrom };
}

/** Read both files, profile the reference, compare the current against it and render the report. */
export async function analyze(reference: File, current: File, o: PageOptions, onProgress: (p: Progress) => void = () => {}): Promise<PageResult> {
  const started = performance.now();
  const eng = await startEngine();
  // reading dominates: each file's bytes weigh in proportion to its size
  const total = Math.max(1, reference.size + current.size);
  const readShare = 0.9;
  const refEnd = (readShare * reference.size) / total;
  const report = (phase: string, fraction: number) => onProgress({ phase, fraction: Math.min(1, Math.max(0, fraction)) });

  report(`Reading ${reference.name}`, 0);
  const ref = await readCsv(reference, reference.name, {
    delimiter: o.delimiter?.reference ?? delimiterOf(reference.name),
    ...(o.features ? { columns: o.features } : {}),
    ...(o.types ? { types: o.types } : {}),
    skipBadRows: o.skipBadRows === true,
    onProgress: (bytes) => report(`Reading ${reference.name}`, (refEnd * bytes) / Math.max(1, reference.size)),
  });
  if (ref.columns.length === 0) throw new Error(`${reference.name}: has no columns`);
  if (ref.rows === 0) throw new Error(`${reference.name}: has a header but no data rows${ref.skippedRows ? ` (${ref.skippedRows} bad rows skipped)` : ''}`);
  report(`Profiling ${reference.name}`, refEnd);
  const kinds = Object.fromEntries(ref.columns.map((c) => [c.name, c.kind]));
  const refProfile = profile(ref.data, { types: kinds });

  // the current file with the reference's kinds, for the columns both have (as the CLI reads it)
  const curHeader = await inspectCsv(current, current.name, { delimiter: o.delimiter?.current ?? delimiterOf(current.name), inferRows: 0 });
  const present = curHeader.header.filter((n) => refProfile.features[n] !== undefined);
  if (present.length === 0) {
    throw new Error(`${current.name}: has none of the reference's columns (${Object.keys(refProfile.features).map((n) => JSON.stringify(n)).join(', ')}); is it the right file, or the right delimiter?`);
  }
  report(`Reading ${current.name}`, refEnd + 0.02);
  const cur = await readCsv(current, current.name, {
    delimiter: o.delimiter?.current ?? delimiterOf(current.name),
    columns: present,
    types: Object.fromEntries(present.map((n) => [n, kinds[n]])),
    typesFrom: `the reference ${reference.name}`,
    skipBadRows: o.skipBadRows === true,
    onProgress: (bytes) => report(`Reading ${current.name}`, refEnd + 0.02 + ((readShare - refEnd) * bytes) / Math.max(1, current.size)),
  });
  if (cur.rows === 0) throw new Error(`${current.name}: has a header but no data rows${cur.skippedRows ? ` (${cur.skippedRows} bad rows skipped)` : ''}`);

  report('Comparing', readShare + 0.02);
  const options: CompareOptions = {};
  if (o.features) options.features = o.features;
  if (o.prediction) options.prediction = o.prediction;
  if (o.correction) options.correction = o.correction;
  if (o.driftShare !== undefined) options.driftShare = o.driftShare;
  const drift = compare(refProfile, cur.data, options);
  report('Drawing the report', 0.98);
  const html = renderHtml(drift, { reference: refProfile, source: { reference: reference.name, current: current.name } });
  report('Done', 1);
  const result: PageResult = {
    report: drift, html, reference: side(reference, ref), current: side(current, cur), engine: eng.engine, ms: performance.now() - started,
  };
  if (eng.note) result.engineNote = eng.note;
  return result;
}
