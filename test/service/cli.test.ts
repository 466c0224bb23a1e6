// `driftkit serve` as a real process (the built CLI): it serves, SIGTERM drains and saves the state, a restart
// with the same data dir has every acknowledged record, and bad usage exits with status 2.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain JS example module
import { records } from '../../examples/fraud-data.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/cli/index.js');
const dir = mkdtempSync(join(tmpdir(), 'driftkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function serve(args: string[]): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [cli, 'serve', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = /on (http:\/\/\S+?)(,|\s|$)/.exec(out);
      if (m) resolve({ child, url: m[1], out: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => { out += d; });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}
const exited = (c: ChildProcess) => new Promise<number | null>((r) => c.once('exit', (code) => r(code)));

describe('driftkit serve', () => {
  it('SIGTERM drains and persists; a restart keeps every acknowledged record', async () => {
    const args = ['--profile', 'examples/fraud.profile.json', '--port', '0', '--data-dir', join(dir, 'data')];
    let s = await serve(args);
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${s.url}/monitor`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(records(300, 40 + i)) });
      expect(r.status).toBe(202);
    }
    const before = await (await fetch(`${s.url}/drift`)).json();
    expect(before.window.rows).toBe(1500);
    const code = exited(s.child);
    s.child.kill('SIGTERM');
    expect(await code).toBe(0);
    expect(s.out()).toMatch(/SIGTERM: draining/);

    s = await serve(args);
    const after = await (await fetch(`${s.url}/drift`)).json();
    expect(after.window.rows).toBe(1500);
    const strip = (d: { window: object }) => ({ ...d, timestamp: '', window: { ...d.window, end: '' } }); // end = time of the request
    expect(strip(after)).toEqual(strip(before));
    const m = await (await fetch(`${s.url}/metrics`)).text();
    expect(m).toMatch(/driftkit_profile_loaded 1/);
    const c2 = exited(s.child);
    s.child.kill('SIGINT');
    expect(await c2).toBe(0);
  }, 60_000);

  it('bad usage and bad input exit 2 with a message naming the problem', () => {
    const run = (...a: string[]) => spawnSync(process.execPath, [cli, ...a], { cwd: root, encoding: 'utf8' });
    let r = run('serve', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bogus/);
    r = run('serve', '--profile', 'nope.json', '--port', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/profile "nope.json" cannot be read/);
    r = run('serve', '--port', 'x');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/port must be an integer/);
    r = run('frobnicate');
    expect(r.status).toBe(2);
    expect(run('--help').stdout).toMatch(/usage: driftkit serve/);
  });
});
