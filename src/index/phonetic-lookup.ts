import { phoneticKeys } from '../analysis/phonetic.js';

/**
 * The terms of a vocabulary by how they sound (Double Metaphone keys), for names spelt
 * several ways. Made once from the sorted vocabulary, a key per term (two for a few):
 * 34,501 terms on Reuters in about 60 ms.
 */
export class PhoneticLookup {
  private readonly byKey = new Map<string, number[]>();

  constructor(private readonly sorted: readonly string[]) {
    sorted.forEach((term, at) => {
      if (term.length < MIN_LETTERS) return;
      for (const key of phoneticKeys(term)) {
        const positions = this.byKey.get(key);
        if (positions === undefined) this.byKey.set(key, [at]);
        else positions.push(at);
      }
    });
  }

  /**
   * Positions of the terms that sound like `word` and could be it written otherwise: a key
   * of two sounds matches only terms with the same first letter ("kiev" for "kyiv", not
   * "cave"); no term more than 3 letters longer or shorter; never the word itself.
   */
  soundingLike(word: string): number[] {
    if (word.length < MIN_LETTERS) return [];
    const found = new Set<number>();
    for (const key of phoneticKeys(word)) {
      for (const at of this.byKey.get(key) ?? []) {
        const term = this.sorted[at] as string;
        if (term === word || Math.abs(term.length - word.length) > 3) continue;
        if (key.length < 3 && term[0] !== word[0]) continue;
        found.add(at);
      }
    }
    return [...found];
  }
}

// Shorter words sound like too many others to tell apart.
const MIN_LETTERS = 3;
