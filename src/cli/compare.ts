// driftkit compare REF CUR | --profile ref.profile.json CUR: the drift report of a current file against a
// reference file or profile, as a terminal table, JSON or a self-contained HTML page. Exit status: 0 when the
// --fail-on condition is not met (or not given), 1 when it is, 2 on bad usage or input (index.ts).
// The current file is read whole up to --in-memory-limit (exact: KS and Wasserstein on every row; Parquet is
// counted as the decoded values of the columns read, tables.ts); a larger one streams in one pass into a profile
// with the reference's edges (its ECDF methods then use the bottom-k sample; the report's numbers are otherwise
// the same).
import { readFileSync, writeFileSync } from 'node:fs';
import { compare, type CompareOptions, type DriftReport } from '../compare/compare.js';
import { DEFAULT_BANDS, type MethodName } from '../compare/policy.js';
import { compareParallel } from '../parallel/compare-parallel.js';
import { summarizeChunked } from '../profile/chunked.js';
import { parseProfile } from '../profile/serialize.js';
import type { FeatureKind, ReferenceProfile } from '../profile/types.js';
import { renderHtml, renderTerminal } from '../report/index.js';
import { driftReportJson } from '../report/json.js';
import { int, list, oneOf, parse, str, UsageError } from './args.js';
import { colorEnabled } from './conventions.js';
import { profileFile, READ_FLAGS, readOptions } from './profile.js';
import { columnRoles, ROLE_FLAGS, tapTime } from './roles.js';
import { fitsInMemory, gather, open } from './tables.js';
import { excludedText, TimeSpanAccumulator } from '../compare/roles.js';

export const COMPARE_USAGE = `usage: driftkit compare REF CUR [options]      (REF, CUR: .csv .tsv .jsonl .parquet .arrow)
       driftkit compare --profile ref.profile.json CUR [options]
  --features a,b          compare these features only      --categorical c,d   read these columns as categorical
  --method M | f=M,...    psi, ks, wasserstein, jensenshannon, chisquare (all features it applies to, or per feature)
  --threshold T[,C]       moderate (and critical) threshold of --method
  --correction none|bonferroni|bh   --drift-share S   --prediction COLUMN
  --format table|json|html  -o FILE   --fail-on drift|critical|dataset
  --exclude a,b           leave these columns out          --id a,b   identifiers (left out)
  --time COLUMN           the time column (left out; its range and rows per day are reported)
                          by default the time column (ISO-8601 dates, Parquet/Arrow dates and timestamps) and identifiers
                          (ids, UUIDs, row numbers: >= 95% distinct) are detected and left out, unless --features is given
  --skip-bad-rows  --delimiter C  --in-memory-limit 256MB  --no-progress
  --no-color              colour: on a terminal only; NO_COLOR=1 turns it off, FORCE_COLOR=1 on (even into a pipe)`;

const METHODS = Object.keys(DEFAULT_BANDS) as MethodName[];
const APPLIES: Record<MethodName, readonly FeatureKind[]> = {
  psi: ['numeric', 'categorical', 'boolean'], jensenshannon: ['numeric', 'categorical', 'boolean'],
  ks: ['numeric'], wasserstein: ['numeric'], chisquare: ['categorical', 'boolean'],
};

function compareOptions(v: Record<string, unknown>, ref: ReferenceProfile): CompareOptions {
  const o: CompareOptions = {};
  const features = list(v.features);
  if (features) o.features = features;
  const m = str(v.method);
  let single: MethodName | undefined;
  if (m !== undefined) {
    const methods: Record<string, MethodName> = {};
    if (m.includes('=')) {
      for (const part of list(m)!) {
        const [f, name] = part.split('=');
        if (!ref.features[f]) throw new UsageError('--method', `names ${JSON.stringify(f)}, which is not a feature of the reference (${Object.keys(ref.features).join(', ')})`);
        methods[f] = oneOf('--method', name, METHODS)!;
      }
    } else {
      single = oneOf('--method', m, METHODS)!;
      for (const [f, p] of Object.entries(ref.features)) if (APPLIES[single].includes(p.kind)) methods[f] = single;
      if (Object.keys(methods).length === 0) throw new UsageError('--method', `${single} applies to none of the reference's features`);
    }
    o.methods = methods;
  }
  const t = str(v.threshold);
  if (t !== undefined) {
    if (!single) throw new UsageError('--threshold', 'needs a single --method (the threshold is in that method\'s units)');
    const [mod, crit] = t.split(',').map(Number);
    if (!Number.isFinite(mod) || (crit !== undefined && !Number.isFinite(crit))) throw new UsageError('--threshold', `must be a number or two numbers "moderate,critical"; got ${JSON.stringify(t)}`);
    o.thresholds = { [single]: { moderate: mod, ...(crit !== undefined ? { critical: crit } : {}) } };
  }
  const correction = oneOf('--correction', v.correction, ['none', 'bonferroni', 'bh'] as const);
  if (correction) o.correction = correction;
  if (typeof v['drift-share'] === 'string') {
    const s = Number(v['drift-share']);
    if (!(s > 0 && s <= 1)) throw new UsageError('--drift-share', `must be in (0, 1]; got ${JSON.stringify(v['drift-share'])}`);
    o.driftShare = s;
  }
  const prediction = str(v.prediction);
  if (prediction) o.prediction = prediction;
  return o;
}

/** Exit status for --fail-on: 1 when the condition holds. */
export function failStatus(report: DriftReport, failOn: 'drift' | 'critical' | 'dataset' | undefined): number {
  if (!failOn) return 0;
  const fs = Object.values(report.features);
  if (failOn === 'dataset') return report.driftDetected ? 1 : 0;
  if (failOn === 'critical') return fs.some((f) => f.severity === 'critical') ? 1 : 0;
  return fs.some((f) => f.drifted || f.severity !== 'none') ? 1 : 0;
}

export async function compareCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    ...READ_FLAGS, profile: { type: 'string' }, method: { type: 'string' }, threshold: { type: 'string' }, correction: { type: 'string' },
    'drift-share': { type: 'string' }, prediction: { type: 'string' }, format: { type: 'string' }, output: { type: 'string', short: 'o' },
    'fail-on': { type: 'string' }, 'no-color': { type: 'boolean' }, ...ROLE_FLAGS, bins: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) { console.log(COMPARE_USAGE); return 0; }
  const profilePath = str(v.profile);
  const want = profilePath ? 1 : 2;
  if (positionals.length !== want) throw new UsageError(profilePath ? 'CUR' : 'REF CUR', `${profilePath ? 'with --profile, give the current file only' : 'takes a reference and a current file'}; got ${positionals.length} file(s)\n${COMPARE_USAGE}`);
  const format = oneOf('--format', v.format, ['table', 'json', 'html'] as const) ?? 'table';
  const failOn = oneOf('--fail-on', v['fail-on'], ['drift', 'critical', 'dataset'] as const);
  const out = str(v.output);
  const read = readOptions(v);
  const curPath = positionals[want - 1];

  // column roles (time column, identifiers) from the reference file's first rows (the current's with --profile)
  const roles = await columnRoles(positionals[0], read, v, str(v.prediction) ? [str(v.prediction)!] : []);
  const left = new Set(roles.excluded.map((e) => e.column));
  const timeCol = roles.time?.column;
  const spans = { reference: new TimeSpanAccumulator(roles.seconds), current: new TimeSpanAccumulator(roles.seconds) };
  let reference: ReferenceProfile;
  if (profilePath) {
    let text: string;
    try { text = readFileSync(profilePath, 'utf8'); } catch (e) { throw new UsageError('--profile', `${JSON.stringify(profilePath)} cannot be read (${(e as Error).message})`); }
    reference = parseProfile(text);
  } else {
    // excluded columns are not profiled (an identifier has as many categories as rows); the time column is read for its span
    const columns = left.size ? roles.columns.filter((c) => !left.has(c) || c === timeCol) : read.columns;
    reference = (await profileFile(positionals[0], { ...read, ...(columns ? { columns } : {}) }, { bins: int('--bins', v.bins, 1, 10_000) },
      (pass) => tapTime(pass, timeCol, spans.reference))).profile;
  }
  const options = compareOptions(v, reference);
  if (roles.excluded.length) options.exclude = roles.excluded;
  if (roles.detected.length) {
    console.error(`driftkit: excluded from drift: ${excludedText(roles.detected, true)}; set roles with --exclude / --id / --time, or list the compared columns with --features`);
  }

  // read the current file with the reference's kinds for the columns both have
  const probe = await open(curPath, { ...read, progress: false }, curPath);
  const present = probe.table.schema.columns.map((c) => c.name)
    .filter((n) => n === timeCol || (reference.features[n] && (!read.columns || read.columns.includes(n)) && !left.has(n)));
  await probe.table.close();
  if (present.length === 0) throw new UsageError(curPath, `has none of the reference's features (${Object.keys(reference.features).join(', ')})`);
  // the time column keeps its own type: a Parquet DATE in the reference may be an ISO string in a CSV current
  const types = Object.fromEntries(present.filter((n) => n !== timeCol && reference.features[n]).map((n) => [n, reference.features[n].kind]));
  const opened = await open(curPath, { ...read, columns: present, types, categorical: undefined }, curPath);
  const table = opened.table, pass = tapTime(opened.pass, timeCol, spans.current);
  let report: DriftReport;
  let current: ReferenceProfile | undefined;
  try {
    if (fitsInMemory(table.schema, read.memoryLimit)) {
      report = await compareParallel(reference, (await gather(pass)).columns, options);
    } else {
      current = await summarizeChunked(reference, pass);
      if (!current) throw new UsageError(curPath, 'has no rows');
      report = compare(reference, current, options);
    }
  } finally {
    await table.close();
  }
  if (timeCol !== undefined) {
    const ref = profilePath ? undefined : spans.reference.result(), cur = spans.current.result();
    report.timeColumn = { column: timeCol, ...(ref ? { reference: ref } : {}), ...(cur ? { current: cur } : {}) };
  }

  let text: string;
  if (format === 'json') text = JSON.stringify(driftReportJson(report), null, 2) + '\n'; // the shape of GET /drift (docs/json-output.md)
  else if (format === 'html') {
    text = renderHtml(report, { reference, ...(current ? { current } : {}), source: { reference: profilePath ?? positionals[0], current: curPath } });
  } else text = renderTerminal(report, { color: colorEnabled(process.stdout, process.env, { noColor: Boolean(v['no-color']), toFile: Boolean(out) }), width: process.stdout.columns || 120 });
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  const status = failStatus(report, failOn);
  if (out) console.error(`driftkit: ${report.driftedFeatures.length} of ${report.featuresMonitored} features drifted → ${out}${status ? ` (--fail-on ${failOn}: exit 1)` : ''}`);
  return status;
}
