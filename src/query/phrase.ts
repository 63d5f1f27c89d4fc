/** True when `phrase` occurs in `sequence` as consecutive terms (short fields, analysed when a phrase reaches them). */
export function containsTerms(sequence: readonly string[], phrase: readonly string[]): boolean {
  const last = sequence.length - phrase.length;
  for (let start = 0; start <= last; start++) {
    let offset = 0;
    while (offset < phrase.length && sequence[start + offset] === phrase[offset]) offset++;
    if (offset === phrase.length) return true;
  }
  return false;
}
