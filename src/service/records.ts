// POST /monitor bodies → columns for the monitor. Three shapes:
//   one record   { features: {...}, prediction, probability?, latency_ms, model_version?, timestamp?, error? }
//   an array of such records
//   a columnar batch { columns: { feature: [...] }, prediction: [...], probability?: [...], latency_ms: [...], error?: [...], model_version? }
// Every problem is a BadRequest naming the field (`[3].features.amount`) and a reason counted in /metrics.
// A body is checked whole before anything is counted: a bad record rejects its whole request.
import type { FeatureKind, ReferenceProfile } from '../profile/types.js';
import { MAX_LATENCY_MS } from './latency.js';

/** Why a request was rejected: the label of driftkit_invalid_requests_total. */
export type Reason =
  | 'invalid_json' | 'body_too_large' | 'unsupported_media_type' | 'schema' | 'missing_field' | 'unknown_field'
  | 'unknown_feature' | 'wrong_type' | 'not_finite' | 'too_many_records' | 'unauthorized' | 'invalid_profile' | 'not_ready';

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
  const kinds: Record<string, FeatureKind> = {};
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
  rows: number;
  columns: Record<string, Cell[]>;
  latencyMs: number[];
  probability: (number | null)[];
  errors: number;
  modelVersion?: string;
}

const RECORD_FIELDS = new Set(['features', 'prediction', 'probability', 'latency_ms', 'model_version', 'timestamp', 'error']);
const COLUMNAR_FIELDS = new Set(['columns', 'prediction', 'probability', 'latency_ms', 'model_version', 'error']);

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A feature value of the given kind: null for missing; a string where a number belongs is an error, as is NaN (sent as a string). */
function cell(field: string, kind: FeatureKind, v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (kind === 'numeric') {
    if (typeof v === 'number') return v; // JSON numbers are finite
    throw new BadRequest(field, 'wrong_type',
      `must be a number or null (numeric feature); got ${typeName(v)}${typeof v === 'string' ? ` ${JSON.stringify(v.slice(0, 40))}` : ''}`);
  }
  if (kind === 'boolean') {
    if (typeof v === 'boolean') return v;
    throw new BadRequest(field, 'wrong_type', `must be true, false or null (boolean feature); got ${typeName(v)}`);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v); // a categorical code sent as a number
  throw new BadRequest(field, 'wrong_type', `must be a string or null (categorical feature); got ${typeName(v)}`);
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
export function parseMonitorBody(body: unknown, shape: RecordShape, maxRecords: number): ParsedBatch {
  if (Array.isArray(body)) return parseRecords(body, shape, maxRecords);
  if (!isObject(body)) throw new BadRequest('body', 'schema', `must be a record object, an array of records or a columnar batch; got ${typeName(body)}`);
  if ('columns' in body) return parseColumnar(body, shape, maxRecords);
  return parseRecords([body], shape, maxRecords, true);
}

function newBatch(shape: RecordShape, n: number): ParsedBatch {
  const columns: Record<string, Cell[]> = {};
  for (const f of Object.keys(shape.kinds)) columns[f] = new Array<Cell>(n).fill(null);
  return { rows: n, columns, latencyMs: new Array<number>(n), probability: new Array<number | null>(n), errors: 0 };
}

function parseRecords(records: unknown[], shape: RecordShape, maxRecords: number, single = false): ParsedBatch {
  const n = records.length;
  if (n === 0) throw new BadRequest('body', 'schema', 'is an empty array; send at least one record');
  if (n > maxRecords) throw new BadRequest('body', 'too_many_records', `has ${n} records; the limit is ${maxRecords} per request (split it, or raise limits.max_records)`, 413);
  const out = newBatch(shape, n);
  const { kinds, predictionFeature: pf, probabilityFeature: qf } = shape;
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
        throw new BadRequest(`${at}features.${k}`, 'unknown_feature', k === pf || k === qf
          ? `is the model's ${k}: send it as the record's top-level "${k}"`
          : `is not a feature of the reference profile (${shape.inputs.length} features: ${shape.inputs.slice(0, 10).join(', ')}${shape.inputs.length > 10 ? ', ...' : ''})`);
      }
      out.columns[k][i] = cell(`${at}features.${k}`, kind, feats[k]);
    }
    const p = prediction(`${at}prediction`, r.prediction);
    if (pf) out.columns[pf][i] = cell(`${at}prediction`, kinds[pf], p);
    out.probability[i] = probability(`${at}probability`, r.probability);
    if (qf) out.columns[qf][i] = out.probability[i];
    out.latencyMs[i] = latency(`${at}latency_ms`, r.latency_ms);
    if (r.error !== undefined && typeof r.error !== 'boolean') throw new BadRequest(`${at}error`, 'wrong_type', `must be a boolean; got ${typeName(r.error)}`);
    if (r.error === true) out.errors++;
    const v = modelVersion(`${at}model_version`, r.model_version);
    if (v !== undefined) out.modelVersion = v;
    if (r.timestamp !== undefined && typeof r.timestamp !== 'number' && typeof r.timestamp !== 'string') {
      throw new BadRequest(`${at}timestamp`, 'wrong_type', 'must be milliseconds since the epoch or an ISO 8601 string');
    }
  }
  return out;
}

function parseColumnar(body: Record<string, unknown>, shape: RecordShape, maxRecords: number): ParsedBatch {
  for (const k in body) if (!COLUMNAR_FIELDS.has(k)) throw new BadRequest(k, 'unknown_field', `is not a field of a columnar batch (allowed: ${[...COLUMNAR_FIELDS].join(', ')})`);
  const cols = body.columns;
  if (!isObject(cols)) throw new BadRequest('columns', 'wrong_type', `must be an object of arrays keyed by feature; got ${typeName(cols)}`);
  const lat = body.latency_ms;
  if (lat === undefined) throw new BadRequest('latency_ms', 'missing_field', 'is required (an array of milliseconds, one per row)');
  if (!Array.isArray(lat)) throw new BadRequest('latency_ms', 'wrong_type', `must be an array; got ${typeName(lat)}`);
  const n = lat.length;
  if (n === 0) throw new BadRequest('latency_ms', 'schema', 'is empty; send at least one row');
  if (n > maxRecords) throw new BadRequest('body', 'too_many_records', `has ${n} rows; the limit is ${maxRecords} per request`, 413);
  const out = newBatch(shape, n);
  const array = (field: string, v: unknown, required: boolean): unknown[] | undefined => {
    if (v === undefined) { if (required) throw new BadRequest(field, 'missing_field', `is required (an array of ${n} values)`); return undefined; }
    if (!Array.isArray(v)) throw new BadRequest(field, 'wrong_type', `must be an array; got ${typeName(v)}`);
    if (v.length !== n) throw new BadRequest(field, 'schema', `has ${v.length} values but latency_ms has ${n}; arrays must have equal lengths`);
    return v;
  };
  const { kinds, predictionFeature: pf, probabilityFeature: qf } = shape;
  for (const k in cols) {
    const kind = kinds[k];
    if (kind === undefined || k === pf || k === qf) {
      throw new BadRequest(`columns.${k}`, 'unknown_feature', k === pf || k === qf ? `is the model's ${k}: send it as the top-level "${k}" array` : 'is not a feature of the reference profile');
    }
    const a = array(`columns.${k}`, cols[k], true)!;
    const dst = out.columns[k];
    for (let i = 0; i < n; i++) dst[i] = cell(`columns.${k}[${i}]`, kind, a[i]);
  }
  const pred = array('prediction', body.prediction, true)!;
  for (let i = 0; i < n; i++) {
    const p = prediction(`prediction[${i}]`, pred[i]);
    if (pf) out.columns[pf][i] = cell(`prediction[${i}]`, kinds[pf], p);
  }
  const prob = array('probability', body.probability, false);
  for (let i = 0; i < n; i++) {
    out.probability[i] = prob ? probability(`probability[${i}]`, prob[i]) : null;
    if (qf) out.columns[qf][i] = out.probability[i];
    out.latencyMs[i] = latency(`latency_ms[${i}]`, lat[i]);
  }
  const err = array('error', body.error, false);
  if (err) for (let i = 0; i < n; i++) {
    if (typeof err[i] !== 'boolean') throw new BadRequest(`error[${i}]`, 'wrong_type', `must be a boolean; got ${typeName(err[i])}`);
    if (err[i]) out.errors++;
  }
  const v = modelVersion('model_version', body.model_version);
  if (v !== undefined) out.modelVersion = v;
  return out;
}
