import MiniSearch from 'minisearch';
import { FACET_FIELD_NAMES, type FacetField } from '../index/document-store.js';
import type { IndexView } from './index-view.js';

/** A label of the archive that completes what a user is typing: an author, a tag or a source, and how many articles carry it. */
export interface LabelSuggestion {
  field: FacetField;
  value: string;
  count: number;
}

/** The most suggestions one call gives. */
export const MAX_SUGGESTIONS = 50;

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
 * millions of terms: the small vocabulary it is made for), through its public API. Values
 * used by more articles rank higher. Made from the store's facet columns when first asked.
 *
 *     engine.suggest('luka')   // [{ field: 'author', value: 'Lukas Weber', count: 4 }, …]
 */
export class LabelCompletion {
  private readonly search: MiniSearch<LabelDocument>;
  private readonly labels: LabelDocument[];

  constructor(view: IndexView) {
    this.labels = labelsOf(view);
    this.search = new MiniSearch<LabelDocument>({ fields: ['value'], storeFields: [] });
    this.search.addAll(this.labels);
  }

  /** Labels whose words start with, or nearly spell, the words of `text`; the most used first among equals. */
  suggest(text: string, limit = 10): LabelSuggestion[] {
    const wanted = Math.max(1, Math.min(MAX_SUGGESTIONS, Math.floor(limit)));
    if (text.trim() === '') return [];
    const results = this.search.search(text, {
      prefix: true,
      // A typo is forgiven from five letters on, as the query language's fuzzy words are.
      fuzzy: (term) => (term.length >= 5 ? 1 : 0),
      combineWith: 'AND',
      boostDocument: (id) => Math.log2(2 + (this.labels[id as number]?.count ?? 0)),
    });
    return results.slice(0, wanted).map((result) => {
      const { field, value, count } = this.labels[result.id as number] as LabelDocument;
      return { field, value, count };
    });
  }
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
