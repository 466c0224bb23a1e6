// Plain-TS twin of assembly/sort.ts: the engine's own TypedArray sort (no comparator: a comparator makes it
// 10–100× slower). NaN sorts last there; we drop it and report how many.
export function sortF64(values: Float64Array): { sorted: Float64Array; nanCount: number } {
  const s = Float64Array.from(values).sort();
  let m = s.length;
  while (m > 0 && s[m - 1] !== s[m - 1]) m--;
  return { sorted: m === s.length ? s : s.slice(0, m), nanCount: s.length - m };
}
