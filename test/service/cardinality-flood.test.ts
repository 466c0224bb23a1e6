// Issue 13, defect 2: a client sending ids or free text as a categorical feature must not grow the service
// without bound. Reported: 800k distinct values in 40 requests took RSS from 93 to 928 MB, /drift 5.3 s and
// 113 MB, state.json 31 MB. Windows and panes now count the reference's categories plus one "other" bucket
// with a bounded sample (profile format 2), names are cut at 256 code units and /drift lists a bounded sample
// of new categories with a count. Short form here (200k distinct values, long names); FLOOD=1 runs 800k.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/service/app.js';
import { DriftService } from '../../src/service/service.js';
import { applyConfig, defaultConfig } from '../../src/service/config.js';
import { parseProfile } from '../../src/profile/serialize.js';
// @ts-expect-error plain JS example module
import { records } from '../../examples/fraud-data.js';

const fraud = readFileSync(new URL('../../examples/fraud.profile.json', import.meta.url), 'utf8');
const DISTINCT = process.env.FLOOD ? 800_000 : 200_000;
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('a categorical flood (ids as merchant_category)', () => {
  it(`${DISTINCT.toLocaleString('en-US')} distinct values, 300-character names: bounded state, /drift and state.json`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftkit-flood-'));
    dirs.push(dir);
    let clock = Date.parse('2026-12-01T00:00:00Z');
    const config = applyConfig({ window: { kind: 'sliding', ms: 600_000, slide: 60_000 }, data_dir: dir }, { ...defaultConfig(), token: undefined });
    const service = new DriftService({ config, profile: parseProfile(fraud), now: () => clock });
    const app = buildApp(service, { logger: false });
    const base = records(1, 1)[0] as { features: Record<string, unknown>; prediction: number; probability: number };
    const perRequest = 5_000, requests = DISTINCT / perRequest;
    const heapBefore = process.memoryUsage().heapUsed;
    for (let r = 0; r < requests; r++) {
      clock += 1_000;
      const body = Array.from({ length: perRequest }, (_, i) => ({
        ...base, features: { ...base.features, merchant_category: `user-${r * perRequest + i}-${'x'.repeat(300)}` },
      }));
      const res = await app.inject({ method: 'POST', url: '/monitor', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, res.body).toBeLessThan(300);
    }
    const t = performance.now();
    const drift = await app.inject({ method: 'GET', url: '/drift' });
    const ms = performance.now() - t;
    expect(drift.statusCode).toBe(200);
    const f = JSON.parse(drift.body).features.merchant_category;
    // every row is a new category; the list is a bounded sample (the reference's categoryCapacity), with a count
    expect(f.new_category_share).toBe(1);
    expect(f.new_categories.length).toBeLessThanOrEqual(1000);
    expect(f.new_categories_exact).toBe(false);
    expect(Math.abs(f.new_category_count / DISTINCT - 1)).toBeLessThan(0.1);
    expect(f.new_categories.every((c: string) => c.length <= 256)).toBe(true);
    expect(f.bins.other_bin).toBe(true);
    expect(f.severity).toBe('critical');
    // bounded answer and time: a thousand 256-character names is ~300 KB; it was 113 MB and 5.3 s
    expect(drift.body.length).toBeLessThan(600_000);
    expect(ms).toBeLessThan(2_000);
    service.persist();
    const state = statSync(join(dir, 'state.json')).size;
    expect(state).toBeLessThan(8 * 2 ** 20);
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    console.log(`flood of ${DISTINCT} distinct values: /drift ${drift.body.length} bytes in ${ms.toFixed(0)} ms, state.json ${state} bytes, heap +${(heapGrowth / 2 ** 20).toFixed(0)} MiB`);
    // a restart reads that state and answers the same drift for the category
    await service.close();
    const again = new DriftService({ config, now: () => clock });
    const back = JSON.parse((await buildApp(again, { logger: false }).inject({ method: 'GET', url: '/drift' })).body).features.merchant_category;
    expect(back.new_category_share).toBe(1);
    expect(back.new_category_count).toBe(f.new_category_count);
    await again.close();
  }, 300_000);
});
