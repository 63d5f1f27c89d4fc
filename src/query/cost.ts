/**
 * Whether a query may be costly, judged from its text alone, before it runs: words that expand
 * (`petro*`, `opec~`), phrases (checked word by word against the forward index), or many words.
 * The costliest queries the limits allow are all of these kinds (bench/costly-queries.ts: 10-22 ms
 * of CPU on Reuters, against well under a millisecond for a few plain words). Search threads
 * keep such queries off one thread, so that the plain queries always have one to run on.
 *
 *     mayBeCostly('oil prices')          // false
 *     mayBeCostly('"oil prices" opec~')  // true
 */
export function mayBeCostly(q: string | undefined): boolean {
  if (q === undefined) return false;
  if (/[*~"]/.test(q)) return true;
  return q.length > COSTLY_LENGTH || q.split(/\s+/).length > COSTLY_WORDS;
}

// More words than a person types for news (bench/http.ts's queries have 1-4), or characters.
const COSTLY_WORDS = 12;
const COSTLY_LENGTH = 200;
