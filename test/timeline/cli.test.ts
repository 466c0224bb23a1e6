// driftkit timeline on a file (the built CLI: npm run build:ts): the heat map, exit statuses, JSON equal to the library's,
// the HTML page and --tz.
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeline } from '../../src/timeline/timeline.js';
import { timelineJson } from '../../src/timeline/report.js';
import { timelineHtml } from '../../src/timeline/html.js';
import { rng } from '../helpers/rng.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'driftkit-timeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
delete env.FORCE_COLOR;
const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/cli/index.js'), ...args], { cwd: dir, encoding: 'utf8', env });

// 10 ISO weeks from 2024-01-01, 300 rows each, unsorted; x shifts from week 7; row_id is an identifier
const r = rng(5);
const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const cols = { ts: [] as string[], row_id: [] as number[], x: [] as number[], y: [] as number[], c: [] as string[] };
for (let w = 0; w < 10; w++) {
  for (let i = 0; i < 300; i++) {
    cols.ts.push(new Date(Date.UTC(2024, 0, 1) + w * 7 * 86_400_000 + Math.floor(r() * 7 * 86_400_000)).toISOString());
    cols.row_id.push(cols.row_id.length);
    cols.x.push(Number((normal() + (w >= 6 ? 1.5 : 0)).toFixed(4)));
    cols.y.push(Number((normal() * 2 + 5).toFixed(4)));
    cols.c.push('abc'[Math.floor(r() * 3)]);
  }
}
const order = cols.ts.map((_, i) => i).sort((a, b) => (cols.ts[a] < cols.ts[b] ? 1 : -1)); // newest first: unsorted input
const lines = ['ts,row_id,x,y,c', ...order.map((i) => [cols.ts[i], cols.row_id[i], cols.x[i], cols.y[i], cols.c[i]].join(','))];
writeFileSync(join(dir, 'data.csv'), lines.join('\n') + '\n');
const columns = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, order.map((i) => (v as unknown[])[i])])) as Record<string, never[]>;

describe('driftkit timeline', () => {
  it('prints a heat map, feature × chunk, with the reference chunks and a dataset row; exit 0', () => {
    const t = run('timeline', 'data.csv', '--time', 'ts', '--reference', '2024-01-01..2024-01-29', '--every', 'week', '--no-progress');
    expect(t.status).toBe(0);
    expect(t.stderr).toMatch(/excluded from drift: row_id \(identifier/);
    expect(t.stdout).toMatch(/^\s+ref \|2024-W05 \.\. 2024-W10$/m);
    expect(t.stdout).toMatch(/^x\s+\.\.\.\.\|\.\.CCCC$/m);
    expect(t.stdout).toMatch(/^y\s+\.\.\.\.\|\.\.\.\.\.\.$/m);
    expect(t.stdout).toMatch(/^c\s+\.\.\.\.\|\.\.\.\.\.\.$/m);
    expect(t.stdout).toMatch(/^dataset\s+\.\.\.\.\|\.\.\.\.\.\.$/m);
    expect(t.stdout).toMatch(/^2024-W07\s+analysis\s+300 rows\s+x$/m);
    expect(t.stdout).not.toMatch(/row_id/);
  });
  it('--format json parses and matches the library on the same rows', () => {
    const j = run('timeline', 'data.csv', '--reference', '2024-01-01..2024-02-12', '--every', 'week', '--thresholds', 'reference', '--format', 'json', '--no-progress');
    expect(j.status).toBe(0);
    const got = JSON.parse(j.stdout);
    const lib = timeline(columns, {
      time: 'ts', reference: { start: '2024-01-01', end: '2024-02-12' }, every: 'week', thresholds: 'reference',
      exclude: [{ column: 'row_id', reason: 'identifier' }],
    });
    expect(got).toEqual(JSON.parse(JSON.stringify(timelineJson(lib))));
    expect(got.schema_version).toBe('1.1');
    expect(got.time_zone).toBe('UTC');
    // the documented shape: schemas/timeline.schema.json (ajv strict, draft-07, as for the drift report)
    const validate = new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(new URL('../../schemas/timeline.schema.json', import.meta.url), 'utf8')));
    expect(validate(got) ? '' : JSON.stringify(validate.errors)).toBe('');
    expect(validate({ ...got, chunks: [{ ...got.chunks[0], rows: '300' }] })).toBe(false);
    expect(validate({ ...got, renamed: 1 })).toBe(false);
    expect(got.chunks.filter((c: { drifted_features: string[] }) => c.drifted_features.includes('x')).map((c: { label: string }) => c.label))
      .toEqual(['2024-W07', '2024-W08', '2024-W09', '2024-W10']);
  });
  it('N-row chunks with a row-count reference; bad usage exits 2 naming the flag', () => {
    const n = run('timeline', 'data.csv', '--reference', '1000', '--every', '500', '--format', 'json', '--features', 'x,y', '--time', 'ts', '--no-progress');
    expect(n.status).toBe(0);
    expect(JSON.parse(n.stdout).chunks.map((c: { label: string }) => c.label)).toEqual(['0-499', '500-999', '1000-1499', '1500-1999', '2000-2499', '2500-2999']);
    const bad = run('timeline', 'data.csv', '--reference', '2024-01-01..2024-01-29', '--every', 'year', '--no-progress');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--every must be one of day, week, month, quarter/);
    const few = run('timeline', 'data.csv', '--reference', '2024-01-01..2024-01-29', '--every', 'week', '--thresholds', 'reference', '--no-progress');
    expect(few.status).toBe(2);
    expect(few.stderr).toMatch(/timeline: thresholds 'reference' needs at least 5 reference chunks/);
  });
  it('--format html -o FILE writes the page: the library\'s timelineHtml with the file as its source', () => {
    const h = run('timeline', 'data.csv', '--reference', '2024-01-01..2024-01-29', '--every', 'week', '--format', 'html', '-o', 'tl.html', '--no-progress');
    expect(h.status).toBe(0);
    expect(h.stdout).toBe('');
    const html = readFileSync(join(dir, 'tl.html'), 'utf8');
    const lib = timeline(columns, { time: 'ts', reference: { start: '2024-01-01', end: '2024-01-29' }, every: 'week', exclude: [{ column: 'row_id', reason: 'identifier' }] });
    // the same charts as the library's (the header differs: the CLI's roles say why row_id looks like an identifier)
    const charts = (page: string) => page.slice(page.indexOf('<section class="card tl-card">'));
    expect(charts(html)).toBe(charts(timelineHtml(lib, { source: 'data.csv' })));
    expect(html.match(/<svg class="chart tl-feature"/g)).toHaveLength(3);
    expect(html).toContain('<dt>Data</dt><dd><span class="mono">data.csv</span></dd>');
    expect(html).toMatch(/<span class="mono">row_id<\/span> \(identifier/);
  });
  it('--tz cuts local periods (labels local, bounds UTC); a zone that is not one exits 2 naming --tz', () => {
    const j = run('timeline', 'data.csv', '--reference', '2024-01-01..2024-01-29', '--every', 'week', '--tz', 'America/New_York', '--format', 'json', '--no-progress');
    expect(j.status).toBe(0);
    const got = JSON.parse(j.stdout);
    expect(got.time_zone).toBe('America/New_York');
    const lib = timeline(columns, {
      time: 'ts', reference: { start: '2024-01-01', end: '2024-01-29' }, every: 'week', tz: 'America/New_York', exclude: [{ column: 'row_id', reason: 'identifier' }],
    });
    expect(got).toEqual(JSON.parse(JSON.stringify(timelineJson(lib))));
    // the reference starts at local midnight, 05:00 UTC, so the rows of 2024-01-01 before it are in an analysis week 2023-W52
    expect(got.chunks[0]).toMatchObject({ label: '2024-W01', period: 'reference', start: '2024-01-01T05:00:00.000Z', end: '2024-01-08T05:00:00.000Z' });
    expect(got.chunks.find((c: { period: string }) => c.period === 'analysis')).toMatchObject({ label: '2023-W52', end: '2024-01-01T05:00:00.000Z' });
    const bad = run('timeline', 'data.csv', '--reference', '2024-01-01..2024-01-29', '--every', 'week', '--tz', 'Europe/Atlantis', '--no-progress');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--tz must be an IANA time zone name such as Europe\/Berlin or UTC; got "Europe\/Atlantis"/);
    expect(bad.stdout).toBe('');
  });
  it('--help lists --tz and --format html', () => {
    const h = run('timeline', '--help');
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^  --tz ZONE\s+IANA time zone/m);
    expect(h.stdout).toMatch(/--format table\|json\|html/);
  });
});

describe('driftkit timeline over --in-memory-limit: bounded memory, same timeline', () => {
  it('the chunked path (unsorted CSV, ISO weeks; epoch seconds in N-row chunks) prints the JSON the in-memory path prints', () => {
    const r = rng(7);
    const lines = ['ts,secs,x,c,id'];
    for (let i = 0; i < 5000; i++) {
      const t = Date.UTC(2024, 0, 1) + Math.floor(r() * 70 * 86400) * 1000;
      lines.push(`${new Date(t).toISOString()},${t / 1000},${(r() + (t > Date.UTC(2024, 1, 20) ? 0.3 : 0)).toFixed(3)},${['a', 'b', 'c'][Math.floor(r() * 3)]},id${i}`);
    }
    writeFileSync(join(dir, 'unsorted.csv'), lines.join('\n') + '\n');
    // means and variances combine chunk by chunk when streamed: statistics equal to rounding
    const round = (j: unknown) => JSON.stringify(j, (k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v));
    for (const args of [['--time', 'ts', '--reference', '2024-01-01..2024-01-29', '--every', 'week'], ['--time', 'secs', '--reference', '1000', '--every', '700', '--features', 'x,c']]) {
      const whole = run('timeline', 'unsorted.csv', '--format', 'json', '--no-progress', ...args);
      const streamed = run('timeline', 'unsorted.csv', '--format', 'json', '--no-progress', '--in-memory-limit', '1', ...args);
      expect(whole.status, whole.stderr).toBe(0);
      expect(streamed.status, streamed.stderr).toBe(0);
      const a = JSON.parse(whole.stdout);
      expect(a.chunks.length).toBeGreaterThan(5);
      expect(a.chunks.some((c: { dataset_drift: boolean; period: string }) => c.period === 'analysis' && c.dataset_drift)).toBe(true);
      expect(round(JSON.parse(streamed.stdout))).toBe(round(a));
    }
  });
});

describe('driftkit timeline against a reference profile or file', () => {
  it('--profile and --reference-file analyse every row of DATA; both agree; --thresholds reference is refused', () => {
    const r = rng(21);
    const rows = (n: number, t0: number, shift: (t: number) => number) => Array.from({ length: n }, (_, i) => {
      const t = t0 + Math.floor((i / n) * 56) * 86_400_000;
      return `${new Date(t).toISOString()},${(r() + shift(t)).toFixed(3)},${['a', 'b', 'c'][Math.floor(r() * 3)]},u${i}`;
    });
    writeFileSync(join(dir, 'train.csv'), ['ts,x,c,id', ...rows(2000, Date.UTC(2023, 0, 1), () => 0)].join('\n') + '\n');
    writeFileSync(join(dir, 'serving.csv'), ['ts,x,c,id', ...rows(2000, Date.UTC(2024, 0, 1), (t) => (t >= Date.UTC(2024, 0, 29) ? 0.5 : 0))].join('\n') + '\n');
    expect(run('profile', 'train.csv', '-o', 'train.json', '--no-progress').status).toBe(0);
    const viaProfile = run('timeline', 'serving.csv', '--profile', 'train.json', '--every', 'week', '--format', 'json', '--no-progress');
    expect(viaProfile.status, viaProfile.stderr).toBe(0);
    const j = JSON.parse(viaProfile.stdout);
    expect(j.features).toEqual(['x', 'c']);
    expect(j.reference_rows).toBe(2000);
    expect(j.chunks.every((c: { period: string }) => c.period === 'analysis')).toBe(true);
    expect(j.chunks.map((c: { features: { x: { drifted: boolean } } }) => c.features.x.drifted)).toEqual([false, false, false, false, true, true, true, true]);
    const viaFile = run('timeline', 'serving.csv', '--reference-file', 'train.csv', '--every', 'week', '--format', 'json', '--no-progress');
    expect(viaFile.status, viaFile.stderr).toBe(0);
    const strip = (x: { chunks: unknown[] }) => x.chunks;
    expect(strip(JSON.parse(viaFile.stdout))).toEqual(strip(j));
    const bad = run('timeline', 'serving.csv', '--profile', 'train.json', '--every', 'week', '--thresholds', 'reference');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/thresholds 'reference' needs reference chunks; with a reference profile use thresholds 'fixed'/);
    expect(run('timeline', 'serving.csv', '--profile', 'train.json', '--reference', '10', '--every', 'week').stderr).toMatch(/--reference is given with --profile or --reference-file/);
  });
});
