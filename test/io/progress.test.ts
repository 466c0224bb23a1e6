// The progress line: redrawn in place on a TTY at most every minIntervalMs, silent elsewhere.
import { describe, expect, it } from 'vitest';
import { createProgress, openTable, progressLine } from '../../src/io/index.js';
import { fixture } from './helpers.js';

function fakeStream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (s: string) => { writes.push(s); return true; } } };
}

describe('createProgress', () => {
  it('on a TTY: one redrawn line with rows, rows/s, % and ETA, at most every 100 ms', () => {
    const { writes, stream } = fakeStream(true);
    let t = 0;
    const p = createProgress({ stream, label: 'data.csv', now: () => t });
    t = 1000;
    p.update({ rows: 100_000, bytes: 25, totalBytes: 100 });
    t = 1050;
    p.update({ rows: 110_000, bytes: 27, totalBytes: 100 }); // within 100 ms: not drawn
    t = 2000;
    p.update({ rows: 200_000, bytes: 50, totalBytes: 100 });
    expect(writes).toEqual([
      '\rdata.csv: 100,000 rows  100,000 rows/s  25.0%  ETA 0:03\x1b[K',
      '\rdata.csv: 200,000 rows  100,000 rows/s  50.0%  ETA 0:02\x1b[K',
    ]);
    t = 4000;
    p.update({ rows: 400_000, bytes: 100, totalBytes: 100 });
    p.done();
    expect(writes.slice(-2)).toEqual(['\rdata.csv: 400,000 rows  100,000 rows/s  100.0%  in 0:04\x1b[K', '\n']);
    p.update({ rows: 1, bytes: 1, totalBytes: 100 });
    p.done();
    expect(writes).toHaveLength(5); // nothing after done()
  });

  it('on a pipe / non-TTY it writes nothing', () => {
    const { writes, stream } = fakeStream(false);
    const p = createProgress({ stream });
    p.update({ rows: 5, bytes: 5, totalBytes: 10 });
    p.done();
    expect(writes).toEqual([]);
  });

  it('without a total: rows and rate only; a narrow terminal truncates the line', () => {
    expect(progressLine(undefined, { rows: 1234, bytes: 10 }, 2000, false)).toBe('1,234 rows  617 rows/s');
    expect(progressLine('x', { rows: 90_061, bytes: 10 }, 3_723_000, true)).toBe('x: 90,061 rows  24 rows/s  in 1:02:03');
    const { writes, stream } = fakeStream(true, 12);
    const p = createProgress({ stream, now: () => 1000 });
    p.update({ rows: 123_456_789, bytes: 1, totalBytes: 2 });
    expect(writes[0]).toBe('\r123,456,789\x1b[K');
  });

  it('plugs into openTable as onProgress', async () => {
    const { writes, stream } = fakeStream(true);
    let t = 0;
    const p = createProgress({ stream, label: 'table', now: () => (t += 200) });
    const table = await openTable(fixture('table.csv'), { chunkRows: 5, onProgress: p.update });
    for await (const _ of table.chunks());
    p.done();
    expect(writes.at(-2)).toMatch(/^\rtable: 12 rows {2}\d+ rows\/s {2}100\.0% {2}in 0:01\x1b\[K$/);
  });
});
