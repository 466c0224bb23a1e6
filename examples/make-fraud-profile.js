// Rebuilds examples/fraud.profile.json, the reference profile bundled for `npm start` and the tests:
// 50,000 training rows of the synthetic fraud model (examples/fraud-data.js). Run after changing either.
import { writeFileSync } from 'node:fs';
import { profile, serializeProfile } from 'driftkit';
import { referenceColumns } from './fraud-data.js';

const p = profile(referenceColumns(50_000, 1), { sampleCapacity: 2000 });
p.createdAt = '2026-11-01T00:00:00.000Z'; // fixed, so the file only changes when the data does
writeFileSync(new URL('./fraud.profile.json', import.meta.url), serializeProfile(p) + '\n');
console.log(`examples/fraud.profile.json: ${Object.keys(p.features).length} features, ${p.rowCount} rows`);
