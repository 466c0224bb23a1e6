// Exit statuses of the built CLI as a CI gate reads them: 0 = nothing met --fail-on, 1 = --fail-on met (drift,
// and only drift), 2 = every error — bad usage, unreadable or binary input, an output file that cannot be written,
// a failure inside driftkit. A binary file named .csv / .tsv / .jsonl (a PNG, Parquet, gzip, NUL bytes) is an
// error naming the file and the format expected, never a profile of garbage.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { errorMessage, outputArg } from '../../src/cli/conventions.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/cli/index.js');
const dir = mkdtempSync(join(tmpdir(), 'driftkit-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[], nodeArgs: string[] = []) =>
  spawnSync(process.execPath, [...nodeArgs, cli, ...args], { cwd: dir, encoding: 'utf8' });

// three numeric columns, the second shifted by `shift` in the current file
function table(rows: number, shift: number): string {
  const body = Array.from({ length: rows }, (_, i) =>
    [0, 1, 2].map((j) => ((((i * 7919 + j * 104729) % 1000) / 1000) + (j === 1 ? shift : 0)).toFixed(3)).join(','));
  return ['a,b,c', ...body].join('\n') + '\n';
}
writeFileSync(join(dir, 'ref.csv'), table(400, 0));
writeFileSync(join(dir, 'same.csv'), table(400, 0));
writeFileSync(join(dir, 'drift.csv'), table(400, 0.5));
mkdirSync(join(dir, 'a-directory'));

// a real PNG: the signature, an IHDR chunk for a 1×1 RGBA image, IDAT and IEND (CRCs left zero: never decoded)
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]), Buffer.alloc(4),
  Buffer.from([0, 0, 0, 11]), Buffer.from('IDAT'), Buffer.from([0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00]), Buffer.alloc(4),
  Buffer.from([0, 0, 0, 0]), Buffer.from('IEND'), Buffer.from([0xae, 0x42, 0x60, 0x82]),
]);
writeFileSync(join(dir, 'image.csv'), PNG);
writeFileSync(join(dir, 'image.tsv'), PNG);
writeFileSync(join(dir, 'image.jsonl'), PNG);
writeFileSync(join(dir, 'image.csv.gz'), gzipSync(PNG)); // compressed binary: checked after gunzip
copyFileSync(join(root, 'test/fixtures/io/table.parquet'), join(dir, 'table.csv'));
writeFileSync(join(dir, 'zipped.csv'), gzipSync(table(50, 0))); // a gzip file without .gz
writeFileSync(join(dir, 'nul.csv'), 'a,b,c\n0.1,0.2,0.3\n0.4\u0000\u0000,0.5,0.6\n0.7,0.8,0.9\n');
// random bytes without a NUL or a magic number: mostly control bytes and invalid UTF-8
const noise = Buffer.from(Array.from({ length: 3000 }, (_, i) => 1 + ((i * 2654435761) >>> 0) % 255));
writeFileSync(join(dir, 'noise.csv'), noise);

describe('drift exits 1, nothing else does', () => {
  it('--fail-on drift: 1 when a feature drifted, 0 when none did, also when the report goes to a file', () => {
    let r = run(['compare', 'ref.csv', 'drift.csv', '--fail-on', 'drift', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    r = run(['compare', 'ref.csv', 'same.csv', '--fail-on', 'drift', '--no-progress']);
    expect(r.status).toBe(0);
    r = run(['compare', 'ref.csv', 'drift.csv', '--fail-on', 'drift', '--no-progress', '-o', 'report.json', '--format', 'json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--fail-on drift: exit 1/);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).drifted_features).toEqual(['b']);
  });
});

describe('an output file that cannot be written exits 2, naming the path and the problem', () => {
  it('compare -o into a directory that does not exist (also when drift was found: the crash wins)', () => {
    for (const failOn of [[], ['--fail-on', 'drift']]) {
      const r = run(['compare', 'ref.csv', 'drift.csv', '-o', '/nonexistent-dir/x.json', '--format', 'json', '--no-progress', ...failOn]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^driftkit: .*\/nonexistent-dir\/x\.json.*no such file or directory/im);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    }
  });

  it.skipIf(!existsSync('/dev/full'))('standard output on a full disk (> /dev/full): 2, also when drift was found', () => {
    for (const [file, failOn] of [['same.csv', []], ['drift.csv', ['--fail-on', 'drift']]] as const) {
      const r = spawnSync('sh', ['-c', '"$0" "$@" > /dev/full', process.execPath, cli, 'compare', 'ref.csv', file, '--no-progress', ...failOn], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^driftkit: cannot write standard output: no space left on device \(ENOSPC\)$/m);
    }
  });

  it('the message of a system error names the path, the problem and its code; -o is found in the arguments', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/nope/x.json'"), { code: 'ENOENT', errno: -2, syscall: 'open', path: '/nope/x.json' });
    expect(errorMessage(enoent, '/nope/x.json')).toBe('driftkit: cannot write -o /nope/x.json: no such file or directory (ENOENT)');
    expect(errorMessage(enoent)).toBe('driftkit: /nope/x.json: no such file or directory (ENOENT) on open');
    expect(errorMessage(new Error('driftkit: already prefixed'))).toBe('driftkit: already prefixed');
    expect(errorMessage('a string')).toBe('driftkit: a string');
    expect(errorMessage(undefined)).toBe('driftkit: undefined');
    expect(errorMessage(null)).toBe('driftkit: null');
    expect(errorMessage(new Error(''))).toBe('driftkit: failed: Error');
    expect(outputArg(['a.csv', 'b.csv', '-o', 'x.json'])).toBe('x.json');
    expect(outputArg(['a.csv', '--output=y.json'])).toBe('y.json');
    expect(outputArg(['a.csv', '-oz.json', '--no-progress'])).toBe('z.json');
    expect(outputArg(['a.csv', '--', '-o', 'x'])).toBeUndefined();
    expect(outputArg(['a.csv'])).toBeUndefined();
  });

  it('profile -o a directory, -o /proc/x', () => {
    let r = run(['profile', 'ref.csv', '-o', 'a-directory', '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^driftkit: .*a-directory.*directory/im);
    r = run(['profile', 'ref.csv', '--output', '/proc/x', '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^driftkit: .*\/proc\/x/m);
    expect(existsSync('/proc/x')).toBe(false);
  });
});

describe('binary input exits 2 with the file named and the format expected', () => {
  it('a PNG named .csv: profile and compare (either side)', () => {
    for (const args of [['profile', 'image.csv'], ['compare', 'image.csv', 'ref.csv'], ['compare', 'ref.csv', 'image.csv', '--fail-on', 'drift']]) {
      const r = run([...args, '--no-progress']);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^driftkit: image\.csv: is binary, not CSV text: .*PNG/m);
      expect(r.stderr).not.toContain('\u0089PNG');
    }
  });

  it('a PNG named .tsv, .jsonl or .csv.gz', () => {
    expect(run(['profile', 'image.tsv', '--no-progress']).stderr).toMatch(/image\.tsv: is binary, not TSV text: .*PNG/);
    expect(run(['profile', 'image.jsonl', '--no-progress']).stderr).toMatch(/image\.jsonl: is binary, not JSON Lines text: .*PNG/);
    let r = run(['profile', 'image.csv.gz', '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/image\.csv\.gz: is binary, not CSV text: .*PNG/);
    // JSON Lines is read as UTF-8 only: UTF-16 after its BOM is named as such
    writeFileSync(join(dir, 'utf16.jsonl'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}\n{"a":2}\n', 'utf16le')]));
    r = run(['profile', 'utf16.jsonl', '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/utf16\.jsonl: is UTF-16 text, not JSON Lines in UTF-8: save it as UTF-8/);
  });

  it('a Parquet file named .csv: "name it .parquet"; a gzip file named .csv: "name it .csv.gz"', () => {
    let r = run(['profile', 'table.csv', '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/table\.csv: is binary, not CSV text: .*looks like a Parquet file; name it \.parquet/);
    r = run(['compare', 'ref.csv', 'zipped.csv', '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/zipped\.csv: is binary, not CSV text: .*gzip.*zipped\.csv\.gz/);
  });

  it('NUL bytes in a CSV; random bytes without NUL or signature', () => {
    let r = run(['profile', 'nul.csv', '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nul\.csv: is binary, not CSV text: .*NUL/);
    r = run(['compare', 'ref.csv', 'noise.csv', '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/noise\.csv: is binary, not CSV text/);
  });

  it('text that is not UTF-8 is still read: Latin-1 and UTF-16LE with its BOM', () => {
    writeFileSync(join(dir, 'latin1.csv'), Buffer.from('name,x\ncaf\u00e9,1\nna\u00efve,2\nd\u00e9j\u00e0,3\n', 'latin1'));
    const text = 'name,x\ncafé,1\nnaïve,2\n';
    writeFileSync(join(dir, 'utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    for (const f of ['latin1.csv', 'utf16.csv']) {
      const r = run(['profile', f, '--no-progress']);
      expect(r.stderr).toMatch(/profiled \d rows × 2 columns/);
      expect(r.status).toBe(0);
    }
  });
});

describe('an unexpected failure inside driftkit exits 2, never 1', () => {
  // a preload that breaks a built-in driftkit calls after reading its input (formatting the summary line)
  const breaker = (thrown: string) => {
    const f = join(dir, `break-${thrown.length}.mjs`);
    writeFileSync(f, `Number.prototype.toLocaleString = function () { throw ${thrown}; };\n`);
    return ['--import', f];
  };

  it('an Error', () => {
    const r = run(['profile', 'ref.csv', '-o', 'p.json', '--no-progress'], breaker("new TypeError('internal boom')"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^driftkit: .*internal boom/m);
  });

  it('a thrown value that is not an Error', () => {
    const r = run(['profile', 'ref.csv', '-o', 'p.json', '--no-progress'], breaker("'a bare string'"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^driftkit: .*a bare string/m);
  });
});
