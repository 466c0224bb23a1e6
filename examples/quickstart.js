// `npm start`: driftkit on a bundled example. A fraud model's reference (training) features against two
// serving windows: one healthy, one where the pipeline started sending Unix timestamps instead of day counts
// for days_since_last_transaction and transaction amounts drifted upward.
import { bootstrap, psi, jsDivergence } from 'driftkit';
import { ks2samp, wassersteinDistance } from 'driftkit/scipy';

function rng(seed) {
  let s = seed >>> 0 || 1;
  const u = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return (s + 0.5) / 4294967296; };
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return { u, normal };
}

function window(n, seed, { amountShift = 0, timestamps = false } = {}) {
  const r = rng(seed);
  const amount = new Float64Array(n), days = new Float64Array(n), hour = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    amount[i] = Math.exp(3.5 + amountShift + 1.1 * r.normal());
    const d = Math.floor(-Math.log(r.u()) * 6);
    days[i] = timestamps ? 1_763_700_000 - d * 86_400 : d;
    hour[i] = Math.floor(r.u() * 24);
  }
  return { transaction_amount: amount, days_since_last_transaction: days, transaction_hour: hour };
}

const reference = window(50_000, 1);
const windows = { 'healthy window': window(5_000, 2), 'broken pipeline': window(5_000, 3, { amountShift: 0.4, timestamps: true }) };

const fmt = (x) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : x.toFixed(4));
for (const [name, cur] of Object.entries(windows)) {
  console.log(`\n== ${name} ==`);
  console.log('feature                       PSI     (95% CI)              KS D    p-value    JS dist  Wasserstein');
  for (const feature of Object.keys(reference)) {
    const ref = reference[feature], c = cur[feature];
    const p = psi(ref, c);
    const ci = bootstrap(ref, c, { statistic: 'psi', nResamples: 500, seed: 7 }).confidenceInterval;
    const ks = ks2samp(ref, c);
    const js = jsDivergence(ref, c).distance;
    const w = wassersteinDistance(ref, c);
    const flag = p.value > 0.25 ? '  << critical drift' : p.value > 0.1 ? '  < moderate drift' : '';
    console.log(`${feature.padEnd(28)} ${fmt(p.value).padStart(7)} (${fmt(ci.low)}–${fmt(ci.high)})`.padEnd(60) +
      `${fmt(ks.statistic)}  ${fmt(ks.pValue).padStart(9)}  ${fmt(js).padStart(7)}  ${fmt(w).padStart(10)}${flag}`);
    if (p.value > 0.25) {
      const top = Array.from(p.contributions, (v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, 2);
      for (const [v, i] of top) {
        console.log(`    bin [${fmt(p.edges[i])}, ${fmt(p.edges[i + 1])}): reference ${(100 * p.referenceProportions[i]).toFixed(1)}% -> current ${(100 * p.currentProportions[i]).toFixed(1)}%  (PSI +${fmt(v)})`);
      }
    }
  }
}
