// driftkit profile <file> -o ref.profile.json: the reference profile of a CSV / TSV / JSONL / Parquet / Arrow
// file. Files up to --in-memory-limit (default 256 MB; Parquet counted as decoded values, tables.ts) are read
// whole and profiled exactly (profile(), on the worker pool for many columns); larger ones stream in two passes
// (profileChunked) in bounded memory.
import { writeFileSync } from 'node:fs';
import { profileParallel } from '../parallel/profile-parallel.js';
import { profileChunked } from '../profile/chunked.js';
import { serializeProfile } from '../profile/serialize.js';
import type { Chunk, Table } from '../io/index.js';
import type { ReferenceProfile } from '../profile/types.js';
import { bytes, int, list, parse, str, UsageError } from './args.js';
import { fitsInMemory, gather, open, type ReadOptions } from './tables.js';
import { columnRoles, ROLE_FLAGS, tapTime } from './roles.js';
import { excludedText, TimeSpanAccumulator } from '../compare/roles.js';

export const PROFILE_USAGE = `usage: driftkit profile FILE [-o ref.profile.json] [--features a,b] [--categorical c,d] [--bins N]
         [--sample-capacity K] [--category-capacity K] [--exclude a,b] [--id a,b] [--time COL]
         [--skip-bad-rows] [--delimiter C] [--in-memory-limit 256MB] [--no-progress]
  identifiers (ids, UUIDs, row numbers) and datetime columns are detected and left out, as in compare; the profile
  records them and the time column's span (its "roles"); --category-capacity: most categories tracked per column (1000)`;

export const READ_FLAGS = {
  features: { type: 'string' }, categorical: { type: 'string' }, 'skip-bad-rows': { type: 'boolean' },
  delimiter: { type: 'string' }, 'in-memory-limit': { type: 'string' }, 'no-progress': { type: 'boolean' },
} as const;

export function readOptions(v: Record<string, unknown>): ReadOptions & { memoryLimit: number } {
  return {
    columns: list(v.features), categorical: list(v.categorical),
    skipBadRows: Boolean(v['skip-bad-rows']), delimiter: str(v.delimiter),
    progress: !v['no-progress'], memoryLimit: bytes('--in-memory-limit', v['in-memory-limit']) ?? 256 * 2 ** 20,
  };
}

/**
 * profileChunked's source: the first pass reads every column (through `pass`, so a wrapper sees every row once);
 * the second only bins numeric values, so it reads just the numeric columns (a Parquet file then skips decoding
 * the others) — unless the first pass skipped bad rows, which a narrower read might keep.
 */
function passes(path: string, o: ReadOptions, table: Table, pass: () => AsyncIterable<Chunk>): () => AsyncIterable<Chunk> {
  let n = 0;
  const numeric = table.schema.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
  return () => {
    if (n++ === 0 || numeric.length === table.schema.columns.length || table.stats().skippedRows > 0) return pass();
    return (async function* () {
      const types = Object.fromEntries(numeric.map((c) => [c, 'numeric' as const]));
      const narrow = await open(path, { ...o, columns: numeric, types, categorical: undefined }, path);
      try { yield* narrow.pass(); } finally { await narrow.table.close(); }
    })();
  };
}

/** The reference profile of a file: exact when it fits the memory limit, two streaming passes otherwise. */
export async function profileFile(path: string, o: ReadOptions & { memoryLimit: number }, p: { bins?: number; sampleCapacity?: number; categoryCapacity?: number },
  wrap: (pass: () => AsyncIterable<Chunk>) => () => AsyncIterable<Chunk> = (x) => x): Promise<{ profile: ReferenceProfile; streamed: boolean; skipped: number }> {
  const opened = await open(path, o, path);
  const table = opened.table, pass = wrap(opened.pass);
  try {
    const options = {
      ...(p.bins ? { bins: p.bins } : {}), ...(p.sampleCapacity ? { sampleCapacity: p.sampleCapacity } : {}),
      ...(p.categoryCapacity ? { categoryCapacity: p.categoryCapacity } : {}),
    };
    if (table.schema.columns.length === 0) throw new UsageError(path, 'has no columns driftkit can profile');
    const streamed = !fitsInMemory(table.schema, o.memoryLimit);
    const profile = streamed
      ? await profileChunked(passes(path, o, table, pass), { kinds: { ...table.schema.kinds }, ...options })
      : await profileParallel((await gather(pass)).columns, { types: { ...table.schema.kinds }, ...options });
    return { profile, streamed, skipped: table.stats().skippedRows };
  } finally {
    await table.close();
  }
}

export async function profileCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    ...READ_FLAGS, ...ROLE_FLAGS, output: { type: 'string', short: 'o' }, bins: { type: 'string' }, 'sample-capacity': { type: 'string' },
    'category-capacity': { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) { console.log(PROFILE_USAGE); return 0; }
  if (positionals.length !== 1) throw new UsageError('FILE', `takes exactly one input file; got ${positionals.length}\n${PROFILE_USAGE}`);
  const path = positionals[0];
  const read = readOptions(v);
  // roles as compare finds them: excluded columns are not profiled, the time column is read for its span only
  const roles = await columnRoles(path, read, v);
  const left = new Set(roles.excluded.map((e) => e.column));
  const timeCol = roles.time?.column;
  const span = new TimeSpanAccumulator(roles.seconds);
  const columns = left.size ? roles.columns.filter((c) => !left.has(c) || c === timeCol) : read.columns;
  if (columns && columns.length === (timeCol !== undefined && columns.includes(timeCol) ? 1 : 0)) {
    throw new UsageError(path, `has no column left to profile: ${excludedText(roles.excluded, false)}`);
  }
  const { profile, streamed, skipped } = await profileFile(path, { ...read, ...(columns ? { columns } : {}) }, {
    bins: int('--bins', v.bins, 1, 10_000), sampleCapacity: int('--sample-capacity', v['sample-capacity'], 1, 10_000_000),
    categoryCapacity: int('--category-capacity', v['category-capacity'], 1, 1_000_000),
  }, (pass) => tapTime(pass, timeCol, span));
  if (timeCol !== undefined && !(read.columns ?? []).includes(timeCol)) delete profile.features[timeCol];
  if (roles.excluded.length) {
    const t = span.result();
    profile.roles = {
      ...(timeCol !== undefined ? { time: { column: timeCol, ...(t ? { min: t.min, max: t.max } : {}) } } : {}),
      excluded: roles.excluded.map((e) => ({ ...e })),
    };
  }
  if (roles.detected.length) console.error(`driftkit: left out of the profile: ${excludedText(roles.detected, true)}; set roles with --exclude / --id / --time, or list the columns with --features`);
  const json = serializeProfile(profile);
  const out = str(v.output);
  if (out) writeFileSync(out, json + '\n');
  else process.stdout.write(json + '\n');
  console.error(`driftkit: profiled ${profile.rowCount.toLocaleString('en-US')} rows × ${Object.keys(profile.features).length} columns` +
    `${streamed ? ' (streamed in two passes)' : ''}${skipped ? `, skipped ${skipped} bad rows` : ''}${out ? ` → ${out}` : ''}`);
  return 0;
}
