import lunr from 'lunr';
import { type PeerDocument, type PeerEngine, queryWords } from './types.js';

/**
 * Lunr with its default English pipeline (trimmer, stop words, Porter stemmer), the
 * title boosted by `titleBoost` (default 1: Lunr as it comes). Queries are given as their
 * words (letters and digits) through `index.query` rather than `index.search`, so that
 * user text such as "mach-2:" is not read as Lunr's query syntax (which throws on an
 * unknown field); every term still runs through the same search pipeline and is
 * optional, exactly as `search` treats plain words. Words, not `lunr.tokenizer`'s
 * tokens: Lunr's search pipeline holds only the stemmer (the trimmer runs at indexing),
 * so a token such as "flow," would match nothing; on Cranfield that cost Lunr 0.012
 * nDCG@10 (0.374 against 0.386, issue 22).
 *
 * With `fuzzy: true`, every term is given `editDistance: 1`, what `term~1` means in
 * Lunr's query syntax, the setting its guide shows for typos. Lunr's edit distance
 * counts an insertion, a deletion, a substitution and a transposition as 1 each (its
 * `TokenSet.fromFuzzyString`), so `~1` forgives each of the evaluation's four typos, in
 * words of any length. Two surprises: the term is stemmed first and the distance is
 * taken between stems ("aircrart" is stemmed as typed, then compared with the
 * index's stems), and every term within the distance scores as the exact term would,
 * with its own IDF: no penalty for the edit, so a rare neighbour of a common word can
 * outrank it. The typo evaluation (`npm run eval -- --typos`) runs it on clean and
 * typo'd queries.
 */
export class LunrPeer implements PeerEngine {
  readonly name: string;
  private readonly fuzzy: boolean;
  private readonly titleBoost: number;
  private index: lunr.Index | undefined;

  constructor(options: { fuzzy?: boolean; titleBoost?: number } = {}) {
    this.fuzzy = options.fuzzy === true;
    this.titleBoost = options.titleBoost ?? 1;
    const boost = this.titleBoost === 1 ? '' : `title ×${this.titleBoost}`;
    const settings = [boost, this.fuzzy ? '~1' : ''].filter(Boolean).join(', ');
    this.name = settings === '' ? 'Lunr' : `Lunr (${settings})`;
  }

  async build(documents: readonly PeerDocument[]): Promise<void> {
    const titleBoost = this.titleBoost;
    this.index = lunr(function (this: lunr.Builder) {
      this.ref('id');
      this.field('title', { boost: titleBoost });
      this.field('body');
      for (const doc of documents) this.add(doc);
    });
  }

  async search(query: string, k: number): Promise<string[]> {
    const index = this.index;
    if (index === undefined) throw new Error('LunrPeer: build() first');
    const tokens = queryWords(query, { apostrophes: 'inside' }).map((word) => word.toLowerCase());
    return index
      .query((q) => {
        // A fresh options object per term: Query.term writes the term into it and keeps it.
        for (const token of tokens) q.term(token, this.fuzzy ? { editDistance: 1 } : {});
      })
      .slice(0, k)
      .map((result) => result.ref);
  }
}
