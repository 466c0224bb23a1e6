/** numpy.searchsorted on a sorted array: the number of entries < v ('left') or <= v ('right'). */
export function searchsorted(a: ArrayLike<number>, v: number, side: 'left' | 'right'): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (side === 'left' ? a[mid] < v : a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
