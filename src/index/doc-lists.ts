/**
 * Every article of any list that `allowed` accepts (all when undefined), in increasing order:
 * the lists merged two by two (a pass over an array of every article cost more than the merges
 * at a million articles).
 */
export function unionOfDocs(lists: readonly Int32Array[], allowed: ((doc: number) => boolean) | undefined): Int32Array {
  let merged = lists.filter((list) => list.length > 0);
  if (merged.length === 0) return new Int32Array(0);
  while (merged.length > 1) {
    const next: Int32Array[] = [];
    for (let at = 0; at < merged.length; at += 2) {
      const second = merged[at + 1];
      next.push(second === undefined ? (merged[at] as Int32Array) : mergeDocs(merged[at] as Int32Array, second));
    }
    merged = next;
  }
  const [all] = merged as [Int32Array];
  return allowed === undefined ? all : all.filter(allowed);
}

// The articles of either sorted list, once each.
function mergeDocs(a: Int32Array, b: Int32Array): Int32Array {
  const merged = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length && j < b.length) {
    const da = a[i] as number;
    const db = b[j] as number;
    if (da <= db) {
      merged[count++] = da;
      i++;
      if (da === db) j++;
    } else {
      merged[count++] = db;
      j++;
    }
  }
  while (i < a.length) merged[count++] = a[i++] as number;
  while (j < b.length) merged[count++] = b[j++] as number;
  return merged.subarray(0, count);
}
