// Node 22 and 24 as well as the Node running the suite: the package's entries from CommonJS and ESM, compare,
// the service answering on a port and the CLI, run under each major (test/engines/smoke.cjs). The binaries are
// the official builds published on the npm registry as node-<platform>-<arch> (what the `node` package
// installs), cached under node_modules/.cache, so the registry is needed once.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { itWith } from '../helpers/system.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cache = join(root, 'node_modules/.cache/driftkit-node');
const smoke = fileURLToPath(new URL('./smoke.cjs', import.meta.url));

function nodeBinary(major: number): string {
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const dir = join(cache, String(major));
  const bin = join(dir, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', dir, `${pkg}@${major}`], { stdio: 'pipe', timeout: 120_000 });
  }
  return bin;
}

const run = (node: string) => JSON.parse(execFileSync(node, [smoke], { cwd: root, encoding: 'utf8', timeout: 60_000 }));

describe('Node majors', () => {
  it(`Node ${process.versions.node} (the one running the suite)`, () => {
    const r = run(process.execPath);
    expect(r).toMatchObject({ wasm: true, same: true, ks: 0.6, drifted: true, posted: 202, health: 'ok' });
    expect(r.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  for (const major of [22, 24]) {
    itWith('npm-registry', `Node ${major}: require and import, compare, the service, the CLI`, () => {
      const r = run(nodeBinary(major));
      expect(r.node.split('.')[0]).toBe(String(major));
      expect(r).toMatchObject({ wasm: true, same: true, ks: 0.6, drifted: true, posted: 202, health: 'ok' });
    }, 180_000);
  }
});
