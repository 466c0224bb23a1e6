// Synthetic traffic of a card-fraud model, shared by the bundled profile (examples/fraud.profile.json), the
// `npm start` demo and the service tests and bench. Deterministic for a seed.
//   transaction_amount           log-normal, median ~33
//   transaction_hour             0..23, busier in the day
//   days_since_last_transaction  exponential day counts (the classic break: Unix timestamps arrive instead)
//   transaction_count_24h        Poisson-ish small counts
//   distance_from_home           km, heavy tail
//   merchant_category            categorical
//   probability                  the model's fraud score (prediction drift)
export const CATEGORIES = ['grocery', 'fuel', 'online', 'travel', 'restaurant', 'electronics'];
const WEIGHTS = [0.3, 0.15, 0.25, 0.05, 0.2, 0.05];

export function rng(seed) {
  let s = seed >>> 0 || 1;
  const u = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return (s + 0.5) / 4294967296; };
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return { u, normal };
}

/** One record's features and score. drift: { timestamps, amountShift, newCategory, nullDistance } */
export function makeRecord(r, drift = {}) {
  const amount = Math.round(Math.exp(3.5 + (drift.amountShift ?? 0) + 1.1 * r.normal()) * 100) / 100;
  const hour = Math.min(23, Math.floor(24 * (r.u() < 0.8 ? 0.3 + 0.55 * r.u() : r.u())));
  const days = Math.floor(-Math.log(r.u()) * 6);
  const count = Math.floor(-Math.log(r.u()) * 3);
  const distance = Math.round(Math.exp(2 + 1.3 * r.normal()) * 10) / 10;
  let x = r.u(), c = 0;
  while (c < WEIGHTS.length - 1 && x > WEIGHTS[c]) { x -= WEIGHTS[c]; c++; }
  const category = drift.newCategory && r.u() < 0.2 ? 'crypto' : CATEGORIES[c];
  const z = -4 + 0.6 * Math.log(amount) / 3 + 0.25 * count + 0.3 * Math.log1p(distance) / 2 + (category === 'online' ? 0.8 : 0) + 0.5 * r.normal();
  return {
    features: {
      transaction_amount: amount,
      transaction_hour: hour,
      days_since_last_transaction: drift.timestamps ? 1_763_700_000 - days * 86_400 : days,
      transaction_count_24h: count,
      distance_from_home: drift.nullDistance && r.u() < 0.3 ? null : distance,
      merchant_category: category,
    },
    probability: 1 / (1 + Math.exp(-z)),
  };
}

/** n prediction records as POST /monitor takes them. */
export function records(n, seed, drift = {}) {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const { features, probability } = makeRecord(r, drift);
    return { features, prediction: probability > 0.5 ? 1 : 0, probability, latency_ms: Math.round(Math.exp(3 + 0.5 * r.normal()) * 10) / 10 };
  });
}

/** Reference columns (training data) for profile(). */
export function referenceColumns(n, seed) {
  const cols = {};
  for (const rec of records(n, seed)) {
    for (const [k, v] of Object.entries(rec.features)) (cols[k] ??= []).push(v);
    (cols.probability ??= []).push(rec.probability);
  }
  return cols;
}
