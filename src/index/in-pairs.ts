/**
 * Lists merged two by two, then the results two by two, until one is left (undefined for
 * none): each list is copied once per round, about log2(n) times, where merging one list after
 * another copies the growing result once per list. The unions of article numbers and of the
 * largest scores both merge so; a sum does not, as its additions must keep the lists' order.
 */
export function mergedInPairs<T>(
  lists: readonly T[],
  merge: (first: T, second: T) => T,
  // Called after each merge (a search's deadline).
  afterEach: () => void = () => {},
): T | undefined {
  let round = lists;
  while (round.length > 1) {
    const next: T[] = [];
    for (let at = 0; at + 1 < round.length; at += 2) {
      next.push(merge(round[at] as T, round[at + 1] as T));
      afterEach();
    }
    if (round.length % 2 === 1) next.push(round[round.length - 1] as T);
    round = next;
  }
  return round[0];
}
