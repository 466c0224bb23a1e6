// src/slo is browser-safe: bundling it for the browser with the same no-Node-built-ins check as the browser
// build (scripts/esbuild-plugins.mjs) succeeds, and the bundle runs.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { noNodeBuiltins } from '../../scripts/esbuild-plugins.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('src/slo in the browser', () => {
  it('bundles without Node built-ins', async () => {
    const out = await build({
      entryPoints: [`${root}src/slo/index.ts`], bundle: true, write: false, platform: 'browser', format: 'esm',
      target: 'es2022', plugins: [noNodeBuiltins], logLevel: 'silent',
    });
    expect(out.errors).toEqual([]);
    const code = out.outputFiles[0]!.text;
    const mod = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as typeof import('../../src/slo/index.js');
    const tr = new mod.SloTracker({ now: () => 0 });
    tr.record('error_rate', 98, 100);
    expect(tr.status().slos.find((s) => s.name === 'error_rate')!.burn_rates['5m']).toBeCloseTo(2, 9);
  });
});
