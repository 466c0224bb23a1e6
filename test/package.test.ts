// The package as users get it: `import 'driftkit'` through package.json exports (Node's self-reference),
// ready to use without an init call, with both WASM builds present. Needs the build (`npm install` does it).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('package self-reference', () => {
  it('is built (npm install runs the build through `prepare`)', () => {
    for (const f of ['dist/node.js', 'dist/index.js', 'dist/node.d.ts', 'build/driftkit.simd.wasm', 'build/driftkit.wasm']) {
      expect(existsSync(`${root}/${f}`), `${f} missing: run npm run build`).toBe(true);
    }
  });

  it("import { ks2samp } from 'driftkit' is ready with no init call, on the WASM backend", () => {
    const script = `
      import { ks2samp, psi, wasmReady, init } from 'driftkit';
      const r = ks2samp([1, 2, 3, 4], [3, 4, 5, 6, 7]);
      await init(); // idempotent
      console.log(JSON.stringify({ ready: wasmReady(), d: r.statistic, p: psi([1,2,3,4,5,6,7,8,9,10], [5,6,7,8,9,10,11]).value > 0 }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    const r = JSON.parse(out);
    expect(r.ready).toBe(true);
    expect(r.d).toBe(0.6); // scipy.stats.ks_2samp([1,2,3,4],[3,4,5,6,7]).statistic
    expect(r.p).toBe(true);
  });

  it("require('driftkit') and require('driftkit/service') work from CommonJS, WASM ready (no top-level await in either graph)", () => {
    const script = `
      const d = require('driftkit');
      const s = require('driftkit/service');
      console.log(JSON.stringify({ ready: d.wasmReady(), d: d.ks2samp([1, 2, 3, 4], [3, 4, 5, 6, 7]).statistic, service: typeof s.startServer }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(JSON.parse(out)).toEqual({ ready: true, d: 0.6, service: 'function' });
  });

  it('the browser face imports no Node built-ins', () => {
    const script = `
      import { readFileSync } from 'node:fs';
      const seen = new Set(); const bad = [];
      const walk = (file) => {
        if (seen.has(file)) return; seen.add(file);
        const src = readFileSync(file, 'utf8');
        for (const m of src.matchAll(/(?:import|export)[^'"]*from\\s*['"]([^'"]+)['"]/g)) {
          const spec = m[1];
          if (spec.startsWith('node:') || ['fs','path','worker_threads','piscina','http','os'].includes(spec)) bad.push(file + ' -> ' + spec);
          else if (spec.startsWith('.')) walk(new URL(spec, 'file://' + file).pathname);
        }
      };
      walk('${root}dist/index.js');
      console.log(JSON.stringify(bad));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([]);
  });
});
