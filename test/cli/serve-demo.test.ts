// `npm start` (examples/serve-demo.js) listens where it is told: `npm start -- --port N`, PORT=N, --port over
// PORT; a bad port is a usage error. The demo runs ~20 s (DEMO_ONCE=1 exits after its broken phase), so each
// case only waits for it to listen, asks GET /health and stops it. It imports driftkit through the package's
// exports (dist): run `npm run build:ts` first.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const demo = join(root, 'examples/serve-demo.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Start a command, resolve with the URL it prints once it listens. */
function started(child: ChildProcess): Promise<string> {
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /driftkit service on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr!.on('data', (d: Buffer) => { out += d; });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${out}`)));
  });
}

async function stop(child: ChildProcess, group = false): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  if (group) process.kill(-child.pid!, 'SIGTERM'); // npm and the node it started (a group of their own)
  else child.kill('SIGTERM');
  await exited;
}

async function healthy(url: string): Promise<void> {
  const r = await fetch(`${url}/health`);
  expect(r.status).toBe(200);
  expect(await r.json()).toMatchObject({ status: 'ok' });
}

const env = (extra: Record<string, string>) => {
  const e: NodeJS.ProcessEnv = { ...process.env, DEMO_ONCE: '1', ...extra };
  if (!('PORT' in extra)) delete e.PORT;
  return e;
};

describe('npm start (examples/serve-demo.js)', () => {
  it('--port N, PORT=N, and --port over PORT', async () => {
    for (const which of ['flag', 'env', 'both'] as const) {
      const port = await freePort();
      const other = await freePort();
      const argv = which === 'env' ? [] : ['--port', String(port)];
      const e: Record<string, string> = which === 'flag' ? {} : { PORT: String(which === 'both' ? other : port) };
      const child = spawn(process.execPath, [demo, ...argv], { cwd: root, env: env(e), stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const url = await started(child);
        expect(url, which).toBe(`http://127.0.0.1:${port}`);
        await healthy(url);
      } finally {
        await stop(child);
      }
    }
  });

  it('npm start -- --port N passes the flag through npm', async () => {
    const port = await freePort();
    const child = spawn('npm', ['start', '--', '--port', String(port)], { cwd: root, env: env({}), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    try {
      const url = await started(child);
      expect(url).toBe(`http://127.0.0.1:${port}`);
      await healthy(url);
    } finally {
      await stop(child, true);
    }
  });

  it('a bad port or an unknown flag is a usage error (exit 2) naming it', () => {
    let r = spawnSync(process.execPath, [demo, '--port', 'eighty'], { cwd: root, env: env({}), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--port must be a port number in \[0, 65535\]; got "eighty"/);
    r = spawnSync(process.execPath, [demo], { cwd: root, env: env({ PORT: '70000' }), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/PORT must be a port number/);
    r = spawnSync(process.execPath, [demo, '--prot', '1'], { cwd: root, env: env({}), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--prot/);
  });
});
