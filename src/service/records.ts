// POST /monitor bodies → columns for the monitor. Three shapes:
//   one record   { features: {...}, prediction, probability?, latency_ms, model_version?, timestamp?, error? }
//   an array of such records
//   a columnar batch { columns: { feature: [...] }, prediction: [...], probability?: [...], latency_ms: [...], error?: [...],
//     model_version? (one string, or one per row), sources? }
// Every problem is a BadRequest naming the field (`[3].features.amount`) and a reason counted in /metrics.
// A body is checked whole before anything is counted: a bad record rejects its whole request.
import type { FeatureKind, ReferenceProfile } from '../profile/types.js';
import { MAX_LATENCY_MS } from './latency.js';

/** Why a request was rejected: the label of driftkit_invalid_requests_total. */
export type Reason =
  | 'invalid_json' | 'body_too_large' | 'unsupported_media_type' | 'schema' | 'missing_field' | 'unknown_field'
  | 'unknown_feature' | 'wrong_type' | 'not_finite' | 'too_many_records' | 'unauthorized' | 'invalid_profile' | 'not_ready'
  | 'contract_violation' | 'future_time' | 'microseconds';

export class BadRequest extends Error {
  constructor(readonly field: string, readonly reason: Reason, problem: string, readonly status = 400) {
    super(field ? `${field} ${problem}` : problem);
    this.name = 'BadRequest';
  }
}

/** How records map onto the reference profile's features. */
export interface RecordShape {
  /** Profile features that come from `record.features`. */
  inputs: string[];
  kinds: Record<string, FeatureKind>;
  /** Profile features fed by the record's top-level prediction / probability (prediction drift). */
  predictionFeature?: string;
  probabilityFeature?: string;
}

/** The shape of a profile: its `prediction` / `probability` features (if any) come from the record's top level. */
export function recordShape(profile: ReferenceProfile): RecordShape {
  // null-prototype maps: a body's keys ("__proto__", "constructor") index them
  const kinds: Record<string, FeatureKind> = Object.create(null);
  for (const [f, p] of Object.entries(profile.features)) kinds[f] = p.kind;
  const has = (f: string) => Object.prototype.hasOwnProperty.call(kinds, f);
  return {
    inputs: Object.keys(kinds).filter((f) => f !== 'prediction' && f !== 'probability'),
    kinds,
    predictionFeature: has('prediction') ? 'prediction' : undefined,
    probabilityFeature: has('probability') ? 'probability' : undefined,
  };
}

type Cell = number | string | boolean | null;

/** A checked batch: columns of every profile feature, plus what the service tracks beside drift. */
export interface ParsedBatch {
  /** What the body was: one record, an array of records, or a columnar batch (how errors name a value). */
  form: 'record' | 'records' | 'columnar';
  rows: number;
  columns: Record<string, (number | string | boolean | null)[]>;
  /** The features the body carried (as a key of some record, or a column); the others are all null. */
  present: Set<string>;
  /** Columns that are not features of the profile (only with `unknownFeatures: 'collect'`). */
  extra: Record<string, (number | string | boolean | null)[]>;
  latencyMs: number[];
  probability: (number | null)[];
  errors: number;
  /** Per row: whether the prediction failed, and the model version (undefined: none given). */
  failed: boolean[];
  versions: (string | undefined)[];
  /** Per source named in `sources`, the (epoch ms) times its values were computed, one per record carrying it. */
  sourceTimes: Record<string, number[]>;
  /** The records' own timestamps (epoch ms), for those that carry one. */
  timestamps: number[];
}

/** How strict parseMonitorBody is where a data contract decides instead. */
export interface ParseOptions {
  /** 'reject' (no contract): an unknown feature is a 400; 'collect': it goes to `extra` for the contract to count. */
  unknownFeatures: 'reject' | 'collect';
  /** Features whose wrong-typed values are kept (for the contract's `type` rule to count) rather than rejected. */
  lenientTypes: ReadonlySet<string>;
}

const STRICT: ParseOptions = { unknownFeatures: 'reject', lenientTypes: new Set() };
/** Distinct unknown columns kept per request in `extra` (the contract reports at most 20 by name). */
const MAX_EXTRA_COLUMNS = 64;

const RECORD_FIELDS = new Set(['features', 'prediction', 'probability', 'latency_ms', 'model_version', 'timestamp', 'error', 'sources']);
const COLUMNAR_FIELDS = new Set(['columns', 'prediction', 'probability', 'latency_ms', 'model_version', 'error', 'sources']);

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A feature value of the given kind: null for missing; a string where a number belongs is an error, as is NaN
 * (sent as a string). lenient: a scalar of the wrong type is kept as it is, for a contract to count (and
 * sanitize() to blank); objects and arrays are errors either way.
 */
function cell(field: string, kind: FeatureKind, v: unknown, lenient = false): Cell {
  if (v === null || v === undefined) return null;
  if (kind === 'numeric') {
    if (typeof v === 'number') return v; // JSON numbers are finite
    if (lenient && (typeof v === 'string' || typeof v === 'boolean')) return v;
    throw new BadRequest(field, 'wrong_type',
      `must be a number or null (numeric feature); got ${typeName(v)}${typeof v === 'string' ? ` ${JSON.stringify(v.slice(0, 40))}` : ''}`);
  }
  if (kind === 'boolean') {
    if (typeof v === 'boolean') return v;
    if (lenient && (typeof v === 'string' || typeof v === 'number')) return v;
    throw new BadRequest(field, 'wrong_type', `must be true, false or null (boolean feature); got ${typeName(v)}`);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v); // a categorical code sent as a number
  throw new BadRequest(field, 'wrong_type', `must be a string or null (categorical feature); got ${typeName(v)}`);
}

/** A column that is not a feature: scalars kept for the contract (objects as their type name). */
const extraCell = (v: unknown): Cell => (v === undefined ? null : v === null || typeof v !== 'object' ? (v as Cell) : typeName(v));

/** Blank (to null) the wrong-typed values kept by lenient parsing, so the monitor counts them as missing; returns how many. */
export function sanitize(batch: ParsedBatch, shape: RecordShape, lenient: ReadonlySet<string>): number {
  let n = 0;
  for (const f of lenient) {
    const col = batch.columns[f], kind = shape.kinds[f];
    if (!col || kind === 'categorical') continue;
    const want = kind === 'numeric' ? 'number' : 'boolean';
    for (let i = 0; i < col.length; i++) if (col[i] !== null && typeof col[i] !== want) { col[i] = null; n++; }
  }
  return n;
}

function timestamp(field: string, v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 8.64e15) return v;
  if (typeof v === 'string') { const t = Date.parse(v); if (!Number.isNaN(t)) return t; }
  throw new BadRequest(field, 'wrong_type', `must be milliseconds since the epoch or an ISO 8601 string; got ${typeName(v)}${typeof v === 'string' ? ` ${JSON.stringify(v.slice(0, 40))}` : ''}`);
}

/** `sources` of one record: { name: time }. */
function recordSources(field: string, v: unknown, out: ParsedBatch): void {
  if (v === undefined || v === null) return;
  if (!isObject(v)) throw new BadRequest(field, 'wrong_type', `must be an object of source timestamps, e.g. { "user_features": "2026-01-01T12:00:00Z" }; got ${typeName(v)}`);
  for (const k in v) {
    if (v[k] === null) continue;
    (out.sourceTimes[k] ??= []).push(timestamp(`${field}.${k}`, v[k]));
  }
}

function latency(field: string, v: unknown): number {
  if (v === undefined) throw new BadRequest(field, 'missing_field', 'is required (milliseconds, a number >= 0)');
  if (typeof v !== 'number') throw new BadRequest(field, 'wrong_type', `must be a number of milliseconds >= 0; got ${typeName(v)}`);
  if (!(v >= 0 && v <= MAX_LATENCY_MS)) throw new BadRequest(field, 'not_finite', `must be between 0 and ${MAX_LATENCY_MS} ms; got ${v}`);
  return v;
}

function probability(field: string, v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number') throw new BadRequest(field, 'wrong_type', `must be a number in [0, 1] or null; got ${typeName(v)}`);
  if (!(v >= 0 && v <= 1)) throw new BadRequest(field, 'not_finite', `must be in [0, 1]; got ${v}`);
  return v;
}

function prediction(field: string, v: unknown): Cell {
  if (v === undefined) throw new BadRequest(field, 'missing_field', 'is required (the model output: a number, string or boolean)');
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  throw new BadRequest(field, 'wrong_type', `must be a number, string, boolean or null; got ${typeName(v)}`);
}

function modelVersion(field: string, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > 200) throw new BadRequest(field, 'wrong_type', 'must be a string of at most 200 characters');
  return v;
}

/**
 * Check a /monitor body against the shape and turn it into columns. `maxRecords` bounds a request's rows.
 * Features of the profile absent from a record are missing values (they count in the null share).
 */
export function parseMonitorBody(body: unknown, shape: RecordShape, maxRecords: number, options: ParseOptions = STRICT): ParsedBatch {
  if (Array.isArray(body)) return parseRecords(body, shape, maxRecords, options);
  if (!isObject(body)) throw new BadRequest('body', 'schema', `must be a record object, an array of records or a columnar batch; got ${typeName(body)}`);
  if ('columns' in body) return parseColumnar(body, shape, maxRecords, options);
  return parseRecords([body], shape, maxRecords, options, true);
}

function newBatch(shape: RecordShape, n: number, form: ParsedBatch['form']): ParsedBatch {
  const columns: Record<string, Cell[]> = Object.create(null);
  for (const f of Object.keys(shape.kinds)) columns[f] = new Array<Cell>(n).fill(null);
  return {
    form, rows: n, columns, present: new Set(), extra: Object.create(null), latencyMs: new Array<number>(n), probability: new Array<number | null>(n),
    errors: 0, failed: new Array<boolean>(n).fill(false), versions: new Array<string | undefined>(n).fill(undefined),
    sourceTimes: Object.create(null), timestamps: [],
  };
}

/** An unknown feature: a 400 without a contract; with one, a column kept (up to a bound) for the contract to count. */
function unknownFeature(field: string, k: string, shape: RecordShape, options: ParseOptions, out: ParsedBatch): Cell[] | undefined {
  const { predictionFeature: pf, probabilityFeature: qf } = shape;
  if (k === pf || k === qf) throw new BadRequest(field, 'unknown_feature', `is the model's ${k}: send it as the ${field.startsWith('columns') ? 'top-level array' : "record's top-level field"} "${k}"`);
  if (options.unknownFeatures === 'reject') {
    throw new BadRequest(field, 'unknown_feature',
      `is not a feature of the reference profile (${shape.inputs.length} features: ${shape.inputs.slice(0, 10).join(', ')}${shape.inputs.length > 10 ? ', ...' : ''})`);
  }
  if (out.extra[k]) return out.extra[k];
  if (Object.keys(out.extra).length >= MAX_EXTRA_COLUMNS) return undefined;
  return (out.extra[k] = new Array<Cell>(out.rows).fill(null));
}

function parseRecords(records: unknown[], shape: RecordShape, maxRecords: number, options: ParseOptions, single = false): ParsedBatch {
  const n = records.length;
  if (n === 0) throw new BadRequest('body', 'schema', 'is an empty array; send at least one record');
  if (n > maxRecords) throw new BadRequest('body', 'too_many_records', `has ${n} records; the limit is ${maxRecords} per request (split it, or raise limits.max_records)`, 413);
  const out = newBatch(shape, n, single ? 'record' : 'records');
  const { kinds, predictionFeature: pf, probabilityFeature: qf } = shape;
  const lenient = options.lenientTypes;
  for (let i = 0; i < n; i++) {
    const at = single ? '' : `[${i}].`;
    const r = records[i];
    if (!isObject(r)) throw new BadRequest(single ? 'body' : `[${i}]`, 'schema', `must be a record object; got ${typeName(r)}`);
    for (const k in r) if (!RECORD_FIELDS.has(k)) throw new BadRequest(`${at}${k}`, 'unknown_field', `is not a record field (allowed: ${[...RECORD_FIELDS].join(', ')})`);
    const feats = r.features;
    if (feats === undefined) throw new BadRequest(`${at}features`, 'missing_field', 'is required (an object of feature values)');
    if (!isObject(feats)) throw new BadRequest(`${at}features`, 'wrong_type', `must be an object of feature values; got ${typeName(feats)}`);
    for (const k in feats) {
      const kind = kinds[k];
      if (kind === undefined || k === pf || k === qf) {
        const col = unknownFeature(`${at}features.${k}`, k, shape, options, out);
        if (col) col[i] = extraCell(feats[k]);
        continue;
      }
      out.present.add(k);
      out.columns[k][i] = cell(`${at}features.${k}`, kind, feats[k], lenient.has(k));
    }
    const p = prediction(`${at}prediction`, r.prediction);
    if (pf) { out.columns[pf][i] = cell(`${at}prediction`, kinds[pf], p, lenient.has(pf)); out.present.add(pf); }
    out.probability[i] = probability(`${at}probability`, r.probability);
    if (qf) { out.columns[qf][i] = out.probability[i]; if (r.probability !== undefined) out.present.add(qf); }
    out.latencyMs[i] = latency(`${at}latency_ms`, r.latency_ms);
    if (r.error !== undefined && typeof r.error !== 'boolean') throw new BadRequest(`${at}error`, 'wrong_type', `must be a boolean; got ${typeName(r.error)}`);
    if (r.error === true) { out.errors++; out.failed[i] = true; }
    out.versions[i] = modelVersion(`${at}model_version`, r.model_version);
    if (r.timestamp !== undefined && r.timestamp !== null) out.timestamps.push(timestamp(`${at}timestamp`, r.timestamp));
    recordSources(`${at}sources`, r.sources, out);
  }
  return out;
}

function parseColumnar(body: Record<string, unknown>, shape: RecordShape, maxRecords: number, options: ParseOptions): ParsedBatch {
  for (const k in body) if (!COLUMNAR_FIELDS.has(k)) throw new BadRequest(k, 'unknown_field', `is not a field of a columnar batch (allowed: ${[...COLUMNAR_FIELDS].join(', ')})`);
  const cols = body.columns;
  if (!isObject(cols)) throw new BadRequest('columns', 'wrong_type', `must be an object of arrays keyed by feature; got ${typeName(cols)}`);
  const lat = body.latency_ms;
  if (lat === undefined) throw new BadRequest('latency_ms', 'missing_field', 'is required (an array of milliseconds, one per row)');
  if (!Array.isArray(lat)) throw new BadRequest('latency_ms', 'wrong_type', `must be an array; got ${typeName(lat)}`);
  const n = lat.length;
  if (n === 0) throw new BadRequest('latency_ms', 'schema', 'is empty; send at least one row');
  if (n > maxRecords) throw new BadRequest('body', 'too_many_records', `has ${n} rows; the limit is ${maxRecords} per request`, 413);
  const out = newBatch(shape, n, 'columnar');
  const array = (field: string, v: unknown, required: boolean): unknown[] | undefined => {
    if (v === undefined) { if (required) throw new BadRequest(field, 'missing_field', `is required (an array of ${n} values)`); return undefined; }
    if (!Array.isArray(v)) throw new BadRequest(field, 'wrong_type', `must be an array; got ${typeName(v)}`);
    if (v.length !== n) throw new BadRequest(field, 'schema', `has ${v.length} values but latency_ms has ${n}; arrays must have equal lengths`);
    return v;
  };
  const { kinds, predictionFeature: pf, probabilityFeature: qf } = shape;
  for (const k in cols) {
    const kind = kinds[k];
    const a = array(`columns.${k}`, cols[k], true)!;
    if (kind === undefined || k === pf || k === qf) {
      const col = unknownFeature(`columns.${k}`, k, shape, options, out);
      if (col) for (let i = 0; i < n; i++) col[i] = extraCell(a[i]);
      continue;
    }
    out.present.add(k);
    const dst = out.columns[k], lenient = options.lenientTypes.has(k);
    for (let i = 0; i < n; i++) dst[i] = cell(`columns.${k}[${i}]`, kind, a[i], lenient);
  }
  const pred = array('prediction', body.prediction, true)!;
  for (let i = 0; i < n; i++) {
    const p = prediction(`prediction[${i}]`, pred[i]);
    if (pf) out.columns[pf][i] = cell(`prediction[${i}]`, kinds[pf], p, options.lenientTypes.has(pf));
  }
  if (pf) out.present.add(pf);
  const prob = array('probability', body.probability, false);
  if (qf && prob) out.present.add(qf);
  for (let i = 0; i < n; i++) {
    out.probability[i] = prob ? probability(`probability[${i}]`, prob[i]) : null;
    if (qf) out.columns[qf][i] = out.probability[i];
    out.latencyMs[i] = latency(`latency_ms[${i}]`, lat[i]);
  }
  const err = array('error', body.error, false);
  if (err) for (let i = 0; i < n; i++) {
    if (typeof err[i] !== 'boolean') throw new BadRequest(`error[${i}]`, 'wrong_type', `must be a boolean; got ${typeName(err[i])}`);
    if (err[i]) { out.errors++; out.failed[i] = true; }
  }
  // one version for the batch, or one per row
  const mv = body.model_version;
  if (Array.isArray(mv)) {
    const a = array('model_version', mv, true)!;
    for (let i = 0; i < n; i++) out.versions[i] = modelVersion(`model_version[${i}]`, a[i]);
  } else {
    const v = modelVersion('model_version', mv);
    if (v !== undefined) out.versions.fill(v);
  }
  const src = body.sources;
  if (src !== undefined && src !== null) {
    if (!isObject(src)) throw new BadRequest('sources', 'wrong_type', `must be an object of arrays of source timestamps, one per row; got ${typeName(src)}`);
    for (const k in src) {
      const a = array(`sources.${k}`, src[k], true)!;
      const times: number[] = [];
      for (let i = 0; i < n; i++) if (a[i] !== null) times.push(timestamp(`sources.${k}[${i}]`, a[i]));
      if (times.length) out.sourceTimes[k] = times;
    }
  }
  return out;
}
