// Ordering slots by their account id (UTF-16 code-unit order, the order of `<` on strings)
// without a comparator sort: a comparator sort of 100k UUIDs calls back into JS ~1.7M times
// and costs more than scoring every account. An MSD radix sort on code units reads each
// character once or twice (UUIDs separate after 4 or 5 characters); small buckets finish with
// insertion sort.

const SMALL = 24;
const BUCKETS = 257; // 0: the string ended; 1..255: code unit 0..254; 256: code unit 255 and above

function bucketOf(s: string, depth: number): number {
  if (depth >= s.length) return 0;
  const c = s.charCodeAt(depth);
  return c < 255 ? c + 1 : 256;
}

function insertionSort(a: Int32Array, lo: number, hi: number, ids: readonly string[]): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = a[i]!;
    const key = ids[v]!;
    let j = i - 1;
    while (j >= lo && ids[a[j]!]! > key) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

function msd(a: Int32Array, tmp: Int32Array, lo: number, hi: number, depth: number, ids: readonly string[]): void {
  if (hi - lo <= SMALL) {
    insertionSort(a, lo, hi, ids);
    return;
  }
  const count = new Int32Array(BUCKETS + 1);
  for (let i = lo; i < hi; i++) count[bucketOf(ids[a[i]!]!, depth) + 1]!++;
  for (let b = 0; b < BUCKETS; b++) count[b + 1]! += count[b]!;
  const next = count.slice(0, BUCKETS);
  for (let i = lo; i < hi; i++) {
    const slot = a[i]!;
    tmp[lo + next[bucketOf(ids[slot]!, depth)]!++] = slot;
  }
  a.set(tmp.subarray(lo, hi), lo);
  // Bucket 0 holds strings that end here: equal so far and nothing left to compare.
  for (let b = 1; b < BUCKETS; b++) {
    const from = lo + count[b]!;
    const to = lo + count[b + 1]!;
    if (to - from < 2) continue;
    if (b === 256) comparatorSort(a, from, to, ids); // rare: code units past 254 at this depth
    else msd(a, tmp, from, to, depth + 1, ids);
  }
}

function comparatorSort(a: Int32Array, lo: number, hi: number, ids: readonly string[]): void {
  const part = Array.from(a.subarray(lo, hi));
  part.sort((x, y) => (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0));
  a.set(part, lo);
}

/**
 * Sorts `slots` in place by `ids[slot]`, in the order of `<` on strings.
 *
 * Fast path: skip the prefix every id shares, pack the next few characters (ASCII, 7 bits
 * each) and the slot's position into one float, sort those natively, then finish each run of
 * equal packed characters with the radix sort from where they stop. Reading the strings
 * only once or twice matters more than the arithmetic: they are scattered over the heap.
 */
export function sortSlotsById(slots: Int32Array, ids: readonly string[]): void {
  const n = slots.length;
  if (n < 2) return;
  const tmp = new Int32Array(n);
  const first = ids[slots[0]!]!;
  let lcp = first.length;
  for (let i = 1; i < n && lcp > 0; i++) {
    const s = ids[slots[i]!]!;
    const m = Math.min(lcp, s.length);
    let j = 0;
    while (j < m && s.charCodeAt(j) === first.charCodeAt(j)) j++;
    lcp = j;
  }
  let posBits = 1;
  while (2 ** posBits < n) posBits++;
  const chars = Math.floor((52 - posBits) / 7);
  if (chars < 2) {
    msd(slots, tmp, 0, n, lcp, ids);
    return;
  }
  const posSpan = 2 ** posBits;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = ids[slots[i]!]!;
    let prefix = 0;
    for (let j = lcp; j < lcp + chars; j++) {
      const c = j < s.length ? s.charCodeAt(j) + 1 : 0; // an ended string sorts first
      if (c > 127) {
        msd(slots, tmp, 0, n, lcp, ids); // not ASCII here: the general path
        return;
      }
      prefix = prefix * 128 + c;
    }
    keys[i] = prefix * posSpan + i;
  }
  keys.sort();
  tmp.set(slots);
  for (let k = 0; k < n; k++) slots[k] = tmp[keys[k]! % posSpan]!;
  // Runs that agree on the packed characters: finish them from the next character.
  let start = 0;
  for (let k = 1; k <= n; k++) {
    if (k < n && Math.floor(keys[k]! / posSpan) === Math.floor(keys[start]! / posSpan)) continue;
    if (k - start > 1) msd(slots, tmp, start, k, lcp + chars, ids);
    start = k;
  }
}
