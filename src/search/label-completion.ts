import MiniSearch from 'minisearch';
import { normalizeWord } from '../analysis/normalize.js';
import { FACET_FIELD_NAMES, type FacetField } from '../index/document-store.js';
import type { IndexView } from './index-view.js';

/** A label of the archive that completes what a user is typing: an author, a tag or a source, and how many articles carry it. */
export interface LabelMatch {
  field: FacetField;
  value: string;
  count: number;
  /** Some word typed was matched by a word of the label that nearly spells it (one typo), not one that starts with it. */
  fuzzy: boolean;
}

// One label value as a MiniSearch document.
interface LabelDocument {
  id: number;
  field: FacetField;
  value: string;
  count: number;
}

/**
 * Authors, tags and sources as the user types: MiniSearch's radix tree, with prefix and
 * fuzzy search, over the archive's distinct label values (a few thousand where the text has
 * millions of terms: the small vocabulary it is made for), through its public API. Every word
 * typed must start (or, from five letters, nearly spell) a word of the label. Words are
 * normalized as the query language's are (lower case, accents folded): `łukashenko` finds
 * "Lukashenko". Made from the store's facet columns when first asked.
 *
 *     new LabelCompletion(view).complete('luka', 5)   // [{ field: 'author', value: 'Lukas Weber', count: 4, fuzzy: false }, …]
 */
export class LabelCompletion {
  private readonly search: MiniSearch<LabelDocument>;
  private readonly labels: LabelDocument[];

  constructor(view: IndexView) {
    this.labels = labelsOf(view);
    this.search = new MiniSearch<LabelDocument>({ fields: ['value'], storeFields: [], processTerm: (term) => normalizeWord(term) || null });
    this.search.addAll(this.labels);
  }

  /** Labels whose words start with, or nearly spell, every word of `text`: those matched without a typo first, then the most used. */
  complete(text: string, limit: number): LabelMatch[] {
    if (text.trim() === '') return [];
    const results = this.search.search(text, {
      prefix: true,
      // A typo is forgiven from five letters on, as the query language's fuzzy words are.
      fuzzy: (term) => (term.length >= 5 ? 1 : 0),
      combineWith: 'AND',
    });
    const matches = results.map((result): LabelMatch => {
      const { field, value, count } = this.labels[result.id as number] as LabelDocument;
      const fuzzy = !result.queryTerms.every((typed) => result.terms.some((term) => term.startsWith(typed)));
      return { field, value, count, fuzzy };
    });
    return matches.sort(byMatchThenCount).slice(0, limit);
  }
}

function byMatchThenCount(a: LabelMatch, b: LabelMatch): number {
  return Number(a.fuzzy) - Number(b.fuzzy) || b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

// Every distinct author, tag and source with the number of live articles that carry it.
function labelsOf(view: IndexView): LabelDocument[] {
  const { terms } = view.store.facetColumns();
  const labels: LabelDocument[] = [];
  for (const field of FACET_FIELD_NAMES) {
    const column = terms[field];
    const counts = new Uint32Array(column.distinctValues);
    for (const doc of view.store.numbers()) {
      for (let at = column.starts[doc] as number; at < (column.starts[doc + 1] as number); at++) {
        const id = column.valueIds[at] as number;
        counts[id] = (counts[id] as number) + 1;
      }
    }
    counts.forEach((count, id) => {
      if (count > 0) labels.push({ id: labels.length, field, value: column.spelling(id), count });
    });
  }
  return labels;
}
