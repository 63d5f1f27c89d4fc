import { type FacetField, facetKey, facetSpelling, type TermColumn } from '../index/document-store.js';

/** One value of a term facet and how many matches have it. */
export interface TermFacetValue {
  value: string;
  count: number;
  /** Present when the request filters on this value. */
  selected?: true;
}

/** The most frequent values of a field among the matches. */
export interface TermFacet {
  field: FacetField;
  /** Most matches first (ties in alphabetical order), at most `facetSize`, plus any selected value beyond them. */
  values: TermFacetValue[];
  /** Matches with no value for the field. */
  missing: number;
  /** How many distinct values the counted matches have, shown or not. */
  distinctValues: number;
}

/** How many of some articles have each value of a field (by value id), and how many have none. */
export interface ValueCounts {
  counts: Uint32Array;
  missing: number;
}

/**
 * Counts the values of a field over some articles, from the field's column.
 * Selected values (those the request filters on) are always listed, so that a
 * page can show them ticked even when they are not among the most frequent.
 */
export function termFacet(
  field: FacetField,
  column: TermColumn,
  docs: ArrayLike<number>,
  size: number,
  selected: readonly string[],
): TermFacet {
  const counts = new Uint32Array(column.distinctValues);
  const { starts, valueIds } = column;
  let missing = 0;
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as number;
    const start = starts[doc] as number;
    const end = starts[doc + 1] as number;
    if (start === end) missing++;
    for (let k = start; k < end; k++) {
      const id = valueIds[k] as number;
      counts[id] = (counts[id] as number) + 1;
    }
  }
  return termFacetOf(field, column, { counts, missing }, size, selected);
}

/** The facet of values already counted: the `size` most frequent (ties alphabetical), and the selected ones. */
export function termFacetOf(
  field: FacetField,
  column: TermColumn,
  { counts, missing }: ValueCounts,
  size: number,
  selected: readonly string[],
): TermFacet {
  const byCount = (a: number, b: number) =>
    (counts[b] as number) - (counts[a] as number) || compareText(column.spelling(a), column.spelling(b));
  // The first `size` in that order, kept sorted as the values go by: sorting every value (tens
  // of thousands of authors) would cost every search of every article more than counting did.
  const top: number[] = [];
  let present = 0;
  for (let id = 0; id < counts.length; id++) {
    if (counts[id] === 0) continue;
    present++;
    if (top.length >= size && (size <= 0 || byCount(id, top[size - 1] as number) >= 0)) continue;
    let at = top.length;
    while (at > 0 && byCount(id, top[at - 1] as number) < 0) at--;
    top.splice(at, 0, id);
    if (top.length > size) top.pop();
  }
  const values = top.map((id): TermFacetValue => ({ value: column.spelling(id), count: counts[id] ?? 0 }));
  // Every value filtered on is listed, in the request's order after the most frequent: one that
  // no article has (or had) too, as the request spelled it, so that a ticked box stays to be unticked.
  const listed = new Map(top.map((id, at) => [facetKey(column.spelling(id)), values[at] as TermFacetValue]));
  for (const value of selected) {
    const key = facetKey(value);
    if (key === '') continue;
    let shown = listed.get(key);
    if (shown === undefined) {
      const id = column.idOf(value);
      shown = id === undefined ? { value: facetSpelling(value), count: 0 } : { value: column.spelling(id), count: counts[id] ?? 0 };
      listed.set(key, shown);
      values.push(shown);
    }
    shown.selected = true;
  }
  return { field, values, missing, distinctValues: present };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
