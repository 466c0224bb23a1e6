// validate() throughput against a derived data contract: a 100k-row numeric column (the tight loop over the
// typed array), plain arrays, categories, row objects, and one-record batches as the service sends them.
// Prints rows per second (median latency of tinybench runs). Run `npx tsc -p tsconfig.json` first.
import { Bench } from 'tinybench';
import '../dist/node.js'; // initialises the WASM kernels (profile() uses them; validate() runs in TypeScript)
import { profile } from '../dist/profile/index.js';
import { ContractAccumulator, deriveContract, validate } from '../dist/quality/index.js';

const N = Number(process.env.ROWS ?? 100_000);
const quick = process.env.BENCH_QUICK === '1';

let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const days = Float64Array.from({ length: N }, () => Math.floor(rand() * 401));
const amount = Float64Array.from({ length: N }, () => Math.round(rand() * 50000) / 100);
const countries = ['DE', 'FR', 'ES', 'IT', 'NL', 'PL'];
const country = Array.from({ length: N }, () => countries[Math.floor(rand() * countries.length)]);
const contract = deriveContract(profile({ days, amount, country }));

const withTimestamps = days.slice();
for (let i = 0; i < N; i += 100) withTimestamps[i] = 1.7e9 + i; // 1% out of range
const amountArray = Array.from(amount, (x, i) => (i % 97 === 0 ? null : x));
const rows = Array.from({ length: 10_000 }, (_, i) => ({ days: days[i], amount: amount[i], country: country[i] }));
const one = [rows[0]];

async function measure(label, rowsPerCall, fn) {
  const bench = new Bench({ time: quick ? 200 : 1000, warmupTime: quick ? 50 : 200 });
  bench.add(label, fn);
  await bench.run();
  const ms = bench.tasks[0].result.latency.p50;
  const rate = rowsPerCall / (ms / 1000);
  console.log(`${label.padEnd(58)} ${ms.toFixed(4).padStart(9)} ms  ${(rate / 1e6).toFixed(1).padStart(7)} M rows/s`);
  return rate;
}

console.log(`validate() on ${N.toLocaleString('en')} rows (median latency)`);
await measure('numeric Float64Array, clean (range + integer check)', N, () => validate({ days }, contract));
await measure('numeric Float64Array, clean (range only)', N, () => validate({ amount }, contract));
await measure('numeric Float64Array, 1% Unix timestamps', N, () => validate({ days: withTimestamps }, contract));
await measure('numeric number[] with nulls', N, () => validate({ amount: amountArray }, contract));
await measure('categorical string[]', N, () => validate({ country }, contract));
await measure('3 columns (two Float64Array, one string[])', N, () => validate({ days, amount, country }, contract));
await measure('10,000 row objects × 3 features', rows.length, () => validate(rows, contract));
await measure('one row object (a /monitor record)', 1, () => validate(one, contract));
const acc = new ContractAccumulator(contract);
await measure('ContractAccumulator.add, 3 columns', N, () => acc.add({ days, amount, country }));
