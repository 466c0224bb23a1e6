// Plain-TS twin of assembly/sort.ts: the engine's own TypedArray sort (no comparator: a comparator makes it
// 10–100× slower). NaN sorts last there; we drop it and report how many.
export function sortF64(values: Float64Array): { sorted: Float64Array; nanCount: number } {
  const s = Float64Array.from(values).sort();
  let m = s.length;
  while (m > 0 && s[m - 1] !== s[m - 1]) m--;
  return { sorted: m === s.length ? s : s.slice(0, m), nanCount: s.length - m };
}

/** Stable argsort, ordering as the radix kernel does: by value, -0 before +0, then by index. */
export function argsortF64(values: Float64Array): Uint32Array {
  const idx = new Uint32Array(values.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => {
    const va = values[a], vb = values[b];
    if (va < vb) return -1;
    if (va > vb) return 1;
    if (va === 0) {
      const na = Object.is(va, -0), nb = Object.is(vb, -0);
      if (na !== nb) return na ? -1 : 1;
    }
    return a - b;
  });
}
