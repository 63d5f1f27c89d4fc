// @ts-check
// The page's state and its URL, one for the other: every state has a URL (shareable; Back and
// Forward replay it), and the parameters /search is sent are the URL's, with the defaults filled in.

import { browserZone } from './zones.js';

/**
 * @typedef {{ q: string, from: string, to: string, sort: string, interval: string, tz: string, page: number,
 *   filters: Record<string, string[]>, article: string }} PageState
 */

/** Hits a page shows. */
export const HITS_PER_PAGE = 10;
/** Pages past this reach the engine's offset bound (10,000 hits). */
export const MAX_PAGE = 1000;
/** The fields of the search form, by name. */
export const FIELDS = /** @type {const} */ (['q', 'from', 'to', 'sort', 'interval', 'tz']);
/** The facets drawn as checkboxes, in this order, with their headings. */
export const TERM_FACETS = { source: 'Source', author: 'Author', tag: 'Tag' };
const FACET_NAMES = Object.keys(TERM_FACETS);
/** The browser's zone: the default, left out of URLs. */
export const BROWSER_ZONE = browserZone();

/** @returns {PageState} */
export function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  /** @type {Record<string, string[]>} */
  const filters = {};
  for (const name of FACET_NAMES) {
    // Repeated, not comma-joined: an author's name may hold a comma.
    const values = params.getAll(name).filter(Boolean);
    if (values.length > 0) filters[name] = values;
  }
  const page = Number(params.get('page') ?? 1);
  return {
    q: params.get('q') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    sort: params.get('sort') ?? 'relevance',
    interval: params.get('interval') ?? 'auto',
    tz: params.get('tz') ?? '',
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
    filters,
    article: params.get('article') ?? '',
  };
}

/** The zone a state's dates are shown in: the one chosen, else the browser's. @param {PageState} state */
export function zoneOf(state) {
  return state.tz === '' ? BROWSER_ZONE : state.tz;
}

/** The URL parameters of a state; the same ones the page sends to /search. Defaults are left out. @param {PageState} state */
export function parametersOf(state) {
  const params = new URLSearchParams();
  for (const name of FIELDS) if (state[name] !== '') params.set(name, state[name]);
  if (state.sort === 'relevance') params.delete('sort');
  if (state.interval === 'auto') params.delete('interval');
  if (state.tz === BROWSER_ZONE) params.delete('tz');
  if (state.page > 1) params.set('page', String(state.page));
  for (const [name, values] of Object.entries(state.filters)) for (const value of values) params.append(name, value);
  if (state.article !== '') params.set('article', state.article);
  return params;
}

/** @param {PageState} state */
export function hrefOf(state) {
  const query = parametersOf(state).toString();
  return query === '' ? location.pathname : `?${query}`;
}

/** Moves to a new state: a new history entry, then draws it. @param {PageState} state */
export function go(state) {
  history.pushState(null, '', hrefOf(state));
  void drawState(state);
}

/** @type {(state: PageState) => Promise<void>} */
let drawState = async () => {};

/** Tells `go` how a state is drawn (search.js's render, which imports this module). @param {(state: PageState) => Promise<void>} draw */
export function drawStatesWith(draw) {
  drawState = draw;
}

/** A link to another state: a real link (it opens in a new tab too); a plain click draws it here. @param {PageState} state @param {string} text */
export function linkTo(state, text) {
  const link = document.createElement('a');
  link.href = hrefOf(state);
  link.textContent = text;
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(state);
  });
  return link;
}

/** The /search parameters of a state. @param {PageState} state */
export function searchParameters(state) {
  const params = parametersOf(state);
  params.delete('article');
  params.set('tz', zoneOf(state));
  params.set('interval', state.interval);
  params.set('hitsPerPage', String(HITS_PER_PAGE));
  params.set('page', String(state.page));
  params.set('facets', FACET_NAMES.join(','));
  // A reader wants each story once: its updates and re-sends are listed under it.
  params.set('collapse', 'versions');
  return params;
}

/** @param {URLSearchParams} params @param {AbortSignal} signal */
export async function fetchSearch(params, signal) {
  const response = await fetch(`/search?${params}`, { signal, headers: { Accept: 'application/json' } });
  return { ok: response.ok, body: await response.json() };
}
