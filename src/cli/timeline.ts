// driftkit timeline DATA --time COL --reference START..END --every week: drift over time, every chunk of the file
// against its reference period (src/timeline), as a terminal heat map, JSON or an HTML page. A file within
// --in-memory-limit is read whole (timeline()); a larger one is read in passes in bounded memory (timelineChunked():
// the reference profiled in two, then every chunk summarised against it). Exit status 0, or 2 on bad usage or input.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseProfile } from '../profile/serialize.js';
import { excludedText } from '../compare/roles.js';
import { timeline, type Timeline, type TimelineOptions } from '../timeline/timeline.js';
import { timelineChunked } from '../timeline/chunked.js';
import type { ChunkSource } from '../profile/chunked.js';
import { renderTimeline, timelineJson } from '../timeline/report.js';
import { timelineHtml } from '../timeline/html.js';
import { isTimeZone } from '../timeline/periods.js';
import { int, oneOf, parse, str, UsageError } from './args.js';
import { colorEnabled } from './conventions.js';
import { profileFile, READ_FLAGS, readOptions } from './profile.js';
import { columnRoles, ROLE_FLAGS } from './roles.js';
import { fitsInMemory, gather, open } from './tables.js';
import type { Chunk } from '../io/index.js';

export const TIMELINE_USAGE = `usage: driftkit timeline DATA --time COLUMN --reference START..END --every day|week|month|quarter|N [options]
       driftkit timeline DATA --time COLUMN --profile ref.profile.json | --reference-file REF --every P [options]
  --reference START..END  reference period, end exclusive (ISO-8601 dates or datetimes; without a zone UTC, or local in --tz); or --reference N: the first N rows
  --profile FILE          a reference profile (driftkit profile) instead: every row of DATA is analysed (thresholds fixed)
  --reference-file REF    a reference data file instead, profiled first (thresholds fixed)
  --every P               chunk size: day, ISO week (Monday-Sunday), month, quarter (UTC unless --tz), or N rows
  --tz ZONE               IANA time zone of the calendar periods (Europe/Berlin, America/New_York; default UTC): local days,
                          23 or 25 hours across DST, local labels; start / end stay UTC instants
  --thresholds fixed|reference   fixed (default): compare's bands; reference: mean ± 3σ of the reference chunks' statistics (>= 5 chunks)
  --format table|json|html  -o FILE   html: one self-contained page, a chart per feature over the chunks
  --features a,b  --exclude a,b  --id a,b  --categorical c,d  --no-color
                          identifiers (ids, UUIDs, row numbers) and other datetime columns are detected and left out, as in compare
  a file over --in-memory-limit (256MB; Parquet counted as decoded values) is read in passes in bounded memory`;

export async function timelineCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    ...READ_FLAGS, ...ROLE_FLAGS, reference: { type: 'string' }, profile: { type: 'string' }, 'reference-file': { type: 'string' }, every: { type: 'string' }, thresholds: { type: 'string' }, tz: { type: 'string' },
    format: { type: 'string' }, output: { type: 'string', short: 'o' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) { console.log(TIMELINE_USAGE); return 0; }
  if (positionals.length !== 1) throw new UsageError('DATA', `takes exactly one data file; got ${positionals.length}\n${TIMELINE_USAGE}`);
  const path = positionals[0];
  const format = oneOf('--format', v.format, ['table', 'json', 'html'] as const) ?? 'table';
  const tz = str(v.tz);
  if (tz !== undefined && !isTimeZone(tz)) throw new UsageError('--tz', `must be an IANA time zone name such as Europe/Berlin or UTC; got ${JSON.stringify(tz)}`);
  const thresholds = oneOf('--thresholds', v.thresholds, ['fixed', 'reference'] as const) ?? 'fixed';
  const e = str(v.every);
  if (e === undefined) throw new UsageError('--every', 'is required: day, week, month, quarter or a number of rows');
  const every = /^\d+$/.test(e) ? int('--every', e, 1)! : oneOf('--every', e, ['day', 'week', 'month', 'quarter'] as const)!;
  const r = str(v.reference), profilePath = str(v.profile), refFile = str(v['reference-file']);
  const given = [r, profilePath, refFile].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UsageError('--reference', `${given ? 'is given with --profile or --reference-file; give one of them' : 'is required: START..END (end exclusive) or a number of rows; or give --profile / --reference-file'}`);
  let reference: TimelineOptions['reference'];
  if (profilePath !== undefined) {
    let text: string;
    try { text = readFileSync(profilePath, 'utf8'); } catch (e) { throw new UsageError('--profile', `${JSON.stringify(profilePath)} cannot be read (${(e as Error).message})`); }
    reference = { profile: parseProfile(text) };
  } else if (refFile !== undefined) {
    // profiled as compare profiles a reference file; its time column and identifiers are left out by DATA's roles
    reference = { profile: (await profileFile(refFile, readOptions(v), {})).profile };
  } else if (/^\d+$/.test(r!)) reference = { rows: int('--reference', r, 1)! };
  else {
    const m = /^(.+)\.\.(.+)$/.exec(r!);
    if (!m) throw new UsageError('--reference', `must be START..END or a number of rows; got ${JSON.stringify(r)}`);
    reference = { start: m[1], end: m[2] };
  }
  const read = readOptions(v);
  const features = read.columns;
  // roles from the file's first rows, as compare does (detection is off when --features names the columns)
  const timeFlag = str(v.time);
  const roles = await columnRoles(path, { ...read, ...(features ? { columns: [...new Set([...features, ...(timeFlag !== undefined ? [timeFlag] : [])])] } : {}) }, v);
  const time = timeFlag ?? roles.time?.column;
  if (time === undefined && (typeof every === 'string' || 'start' in reference)) {
    throw new UsageError('--time', 'is required (no ISO-8601 date column was detected): name the time column');
  }
  if (roles.detected.length) console.error(`driftkit: excluded from drift: ${excludedText(roles.detected, true)}; set roles with --exclude / --id / --time, or list the columns with --features`);
  const columnsToRead = features ? [...new Set([...features, ...(time !== undefined ? [time] : [])])] : undefined;
  const exclude = roles.excluded.filter((x) => x.column !== time && (!features || !features.includes(x.column)));
  const options: TimelineOptions = {
    ...(time !== undefined ? { time } : {}), reference, every, thresholds, ...(tz !== undefined ? { tz } : {}),
    ...(features ? { features } : {}), ...(exclude.length ? { exclude } : {}),
  };
  // a numeric time column of epoch seconds (roles: magnitudes under 1e11) becomes milliseconds
  const seconds = time !== undefined && roles.seconds && roles.time?.column === time ? time : undefined;
  // with a reference profile, its features are read with its kinds (as compare reads a current file); the time column keeps its own
  const ref = 'profile' in reference ? reference.profile : undefined;
  const types = ref ? Object.fromEntries(roles.columns.filter((c) => c !== time && ref.features[c]).map((c) => [c, ref.features[c].kind])) : undefined;
  const opened = await open(path, { ...read, ...(columnsToRead ? { columns: columnsToRead } : {}), ...(types ? { types, categorical: undefined } : {}) }, path);
  let t: Timeline;
  try {
    if (!fitsInMemory(opened.table.schema, read.memoryLimit)) {
      // over --in-memory-limit: bounded memory, in passes over the file (the reader's kinds, as profile does)
      t = await timelineChunked(inMilliseconds(opened.pass, seconds), { ...options, types: { ...opened.table.schema.kinds } });
    } else {
      const columns = (await gather(opened.pass)).columns;
      if (seconds !== undefined && columns[seconds] instanceof Float64Array) columns[seconds] = (columns[seconds] as Float64Array).map((x) => x * 1000);
      t = timeline(columns, options);
    }
  } finally {
    await opened.table.close();
  }
  const out = str(v.output);
  const text = format === 'json' ? JSON.stringify(timelineJson(t), null, 2) + '\n'
    : format === 'html' ? timelineHtml(t, { source: path })
    : renderTimeline(t, { color: colorEnabled(process.stdout, process.env, { noColor: Boolean(v['no-color']), toFile: Boolean(out) }) });
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  return 0;
}

/** The file's chunks with a numeric time column of epoch seconds turned into milliseconds (none: the chunks as read). */
function inMilliseconds(pass: () => AsyncIterable<Chunk>, seconds: string | undefined): ChunkSource {
  if (seconds === undefined) return pass;
  return async function* () {
    for await (const c of pass()) {
      const col = c.columns[seconds];
      yield col instanceof Float64Array ? { ...c, columns: { ...c.columns, [seconds]: col.map((x) => x * 1000) } } : c;
    }
  };
}
