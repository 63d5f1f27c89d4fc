// @ts-check
// The search page. Its state lives in the URL (state.js); each state is drawn from one
// GET /search: the count, the chart (chart.js), hints (hints.js), facets, hits and the pager
// (pager.js), or the article (reader.js). Every value from an article is set as text, except
// the snippet, whose <mark> tags are kept and anything else is turned back into text.

import { drawChart } from './chart.js';
import { closeSuggestions, completeLastWord, startCompletion } from './completion.js';
import { drawHints, hideHints } from './hints.js';
import { drawPager } from './pager.js';
import { drawReader, takeReturnTo, timeOf } from './reader.js';
import {
  BROWSER_ZONE,
  drawStatesWith,
  FIELDS,
  fetchSearch,
  go,
  HITS_PER_PAGE,
  hrefOf,
  linkTo,
  MAX_PAGE,
  parametersOf,
  searchParameters,
  stateFromUrl,
  TERM_FACETS,
  zoneOf,
} from './state.js';
import { dayIn, zoneChoices } from './zones.js';

/**
 * @typedef {import('./chart.js').DateFacet} DateFacet
 * @typedef {import('./state.js').PageState} PageState
 * @typedef {{ id: string, title?: string, titleHighlighted?: string, date?: string, author?: string, source?: string, url?: string, snippet?: string, versions?: string[] }} Hit
 * @typedef {{ field: string, values: { value: string, count: number, selected?: true }[] }} TermFacet
 * @typedef {{ hits: Hit[], total: number, page: number, totalPages: number, tookMs: number, warnings?: string[],
 *   didYouMean?: string, facets: { date: DateFacet } & Record<string, TermFacet | undefined> }} SearchAnswer
 * @typedef {{ detail?: string, parameter?: string }} Problem
 */

const form = /** @type {HTMLFormElement} */ (document.getElementById('search'));
const box = /** @type {HTMLInputElement} */ (document.getElementById('q'));
const statusLine = /** @type {HTMLElement} */ (document.getElementById('status'));
const results = /** @type {HTMLElement} */ (document.getElementById('results'));
const refine = /** @type {HTMLElement} */ (document.getElementById('refine'));
const refineToggle = /** @type {HTMLButtonElement} */ (document.getElementById('refine-toggle'));
/** @type {AbortController | undefined} */
let inFlight;

/** @param {PageState} state */
async function render(state) {
  fillForm(state);
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  results.setAttribute('aria-busy', 'true');
  void drawReader(state);
  const params = searchParameters(state);
  let note = '';
  let answer;
  try {
    answer = await fetchSearch(params, controller.signal);
    // Too many bars for the interval asked (day over decades): the chart falls back to the best fit, and says so.
    if (!answer.ok && /** @type {Problem} */ (answer.body).parameter === 'interval' && state.interval !== 'auto') {
      note = `Too many ${state.interval}s to chart; shown by the best fit instead. `;
      params.set('interval', 'auto');
      answer = await fetchSearch(params, controller.signal);
    }
  } catch {
    if (!controller.signal.aborted) statusLine.textContent = 'The server cannot be reached; try again.';
    return;
  }
  if (controller.signal.aborted) return;
  if (!answer.ok) {
    showProblem(/** @type {Problem} */ (answer.body));
    finished(state);
    return;
  }
  drawAnswer(/** @type {SearchAnswer} */ (answer.body), state, note);
  finished(state);
}

/** @param {SearchAnswer} answer @param {PageState} state @param {string} note */
function drawAnswer(answer, state, note) {
  const count = `${answer.total.toLocaleString('en')} article${answer.total === 1 ? '' : 's'}`;
  // What the engine changed in the query (an expansion capped, a word ignored) is said beside the count.
  const warnings = (answer.warnings ?? []).map((warning) => ` · ${warning}`).join('');
  statusLine.textContent = `${answer.total === 0 ? 'No articles match.' : `${count} (${answer.tookMs} ms)`}${warnings}`;
  if (answer.didYouMean !== undefined) {
    statusLine.append(' · Did you mean ', linkTo({ ...state, q: answer.didYouMean, page: 1, article: '' }, answer.didYouMean), '?');
  }
  drawHints(answer, state, openTips);
  drawChart(answer.facets.date, {
    chosen: { from: state.from, to: state.to },
    note,
    onChoose: (range) => go({ ...state, ...range, page: 1, article: '' }),
    onUndated: () => go({ ...state, sort: 'date', page: firstUndatedPage(answer), article: '' }),
  });
  drawTermFacets(answer.facets, state);
  countFilters(state);
  drawHits(answer.hits, state);
  const last = Math.min(answer.totalPages, MAX_PAGE);
  drawPager(
    /** @type {HTMLElement} */ (document.getElementById('pages')),
    { page: state.page, last, perPage: HITS_PER_PAGE, total: answer.total },
    (page) => hrefOf({ ...state, page, article: '' }),
    (page) => {
      go({ ...state, page, article: '' });
      results.focus();
    },
  );
}

/** Sorted by date, undated articles come last: the page where they start. @param {SearchAnswer} answer */
function firstUndatedPage(answer) {
  const dated = answer.total - answer.facets.date.undated;
  return Math.min(MAX_PAGE, Math.floor(dated / HITS_PER_PAGE) + 1);
}

/** Marks the page as showing `state` (tests and assistive technology wait for this). @param {PageState} state */
function finished(state) {
  results.setAttribute('aria-busy', 'false');
  results.dataset.shown = parametersOf(state).toString();
}

/** @param {PageState} state */
function fillForm(state) {
  for (const name of FIELDS) {
    const field = /** @type {HTMLInputElement | HTMLSelectElement} */ (form.elements.namedItem(name));
    if (name === 'tz' && field instanceof HTMLSelectElement) offerZone(field, zoneOf(state));
    field.value = name === 'tz' ? zoneOf(state) : state[name];
    field.removeAttribute('aria-invalid');
  }
}

/**
 * A zone from a shared link that this browser does not list (an older or newer name) is offered all the same.
 * @param {HTMLSelectElement} select @param {string} zone
 */
function offerZone(select, zone) {
  if (![...select.options].some((option) => option.value === zone)) select.append(new Option(zone, zone));
}

/** @param {Problem} problem */
function showProblem(problem) {
  statusLine.textContent = problem.detail ?? 'The search failed.';
  const field = problem.parameter === undefined ? null : form.elements.namedItem(problem.parameter);
  if (field instanceof HTMLElement) field.setAttribute('aria-invalid', 'true');
  for (const id of ['hits', 'pages', 'histogram']) document.getElementById(id)?.replaceChildren();
  hideHints();
  /** @type {HTMLElement} */ (document.getElementById('timeline')).hidden = true;
}

function openTips() {
  const tips = /** @type {HTMLDetailsElement} */ (document.getElementById('tips'));
  tips.open = true;
  setRefineOpen(true);
  tips.querySelector('summary')?.focus();
}

/** @param {SearchAnswer['facets']} facets @param {PageState} state */
function drawTermFacets(facets, state) {
  const holder = /** @type {HTMLElement} */ (document.getElementById('facets'));
  // A box just ticked is drawn anew; focus returns to its successor so that the keyboard stays put.
  const focused =
    document.activeElement instanceof HTMLInputElement && holder.contains(document.activeElement) ? document.activeElement : null;
  holder.replaceChildren();
  for (const [name, heading] of Object.entries(TERM_FACETS)) {
    const values = facets[name]?.values ?? [];
    if (values.length === 0) continue;
    const chosen = state.filters[name] ?? [];
    const fieldset = document.createElement('fieldset');
    fieldset.className = 'facet';
    const legend = document.createElement('legend');
    legend.textContent = heading;
    fieldset.append(legend);
    for (const { value, count } of values) fieldset.append(facetChoice(name, value, count, chosen, state));
    holder.append(fieldset);
  }
  if (focused !== null) {
    const again = [...holder.querySelectorAll('input')].find((box) => box.name === focused.name && box.value === focused.value);
    again?.focus();
  }
}

/** @param {string} name @param {string} value @param {number} count @param {string[]} chosen @param {PageState} state */
function facetChoice(name, value, count, chosen, state) {
  const label = document.createElement('label');
  label.title = value;
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.name = name;
  box.value = value;
  box.checked = chosen.includes(value);
  box.addEventListener('change', () => {
    const next = box.checked ? [...chosen, value] : chosen.filter((item) => item !== value);
    go({ ...state, filters: { ...state.filters, [name]: next }, page: 1, article: '' });
  });
  const text = document.createElement('span');
  text.className = 'name';
  text.textContent = value;
  const number = document.createElement('span');
  number.className = 'count';
  number.textContent = count.toLocaleString('en');
  label.append(box, text, number);
  return label;
}

/**
 * Keeps the <mark> elements of a snippet and turns anything else back into text. The server
 * already escapes snippets; this holds even if it did not.
 * @param {string} snippet
 */
function snippetNodes(snippet) {
  const template = document.createElement('template');
  template.innerHTML = snippet;
  return [...template.content.childNodes].map((node) => {
    if (node instanceof HTMLElement && node.tagName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent ?? '');
  });
}

/** Date, author and source, as text. @param {Hit} hit @param {string} zone */
function metaLine(hit, zone) {
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.append(timeOf(hit.date, zone, dayIn));
  for (const part of [hit.author, hit.source]) if (part) meta.append(` · ${part}`);
  return meta;
}

/** "2 more versions: 11958, 11960", each opening that version. @param {string[]} ids @param {PageState} state */
function versionsLine(ids, state) {
  const line = document.createElement('p');
  line.className = 'versions';
  line.append(`${ids.length} more ${ids.length === 1 ? 'version' : 'versions'}: `);
  ids.forEach((id, at) => {
    if (at > 0) line.append(', ');
    line.append(linkTo({ ...state, article: id }, id));
  });
  return line;
}

/** @param {Hit[]} hits @param {PageState} state */
function drawHits(hits, state) {
  const list = /** @type {HTMLElement} */ (document.getElementById('hits'));
  list.replaceChildren();
  for (const hit of hits) {
    const item = document.createElement('li');
    const heading = document.createElement('h3');
    const link = linkTo({ ...state, article: hit.id }, '');
    link.dataset.id = hit.id;
    // The highlighted title keeps only its <mark> elements, like the snippet.
    if (hit.titleHighlighted) link.replaceChildren(...snippetNodes(hit.titleHighlighted));
    else link.textContent = hit.title || '(untitled)';
    heading.append(link);
    const snippet = document.createElement('p');
    snippet.className = 'snippet';
    snippet.append(...snippetNodes(hit.snippet ?? ''));
    item.append(heading, metaLine(hit, zoneOf(state)), snippet);
    if (hit.versions?.length) item.append(versionsLine(hit.versions, state));
    list.append(item);
  }
  const returnTo = takeReturnTo();
  if (returnTo !== '')
    /** @type {HTMLElement | undefined} */ ([...list.querySelectorAll('a')].find((link) => link.dataset.id === returnTo))?.focus();
}

/**
 * "Filters · 2": on a phone the filters are out of sight, so their button says how many are on
 * (a date range counts one, each ticked value one).
 * @param {PageState} state
 */
function countFilters(state) {
  const on = (state.from !== '' || state.to !== '' ? 1 : 0) + Object.values(state.filters).reduce((sum, values) => sum + values.length, 0);
  refineToggle.textContent = on === 0 ? 'Filters' : `Filters · ${on}`;
  refineToggle.setAttribute('aria-label', on === 0 ? 'Filters' : `Filters, ${on} on`);
}

/** The filters sheet on a phone (on a wide screen the filters are always shown). @param {boolean} open */
function setRefineOpen(open) {
  refine.classList.toggle('open', open);
  refineToggle.setAttribute('aria-expanded', String(open));
  const sheet = open && getComputedStyle(refineToggle).display !== 'none';
  // On a phone the sheet covers the page: what lies under it leaves the tab order while it is open.
  for (const covered of document.querySelectorAll('header, .primary')) /** @type {HTMLElement} */ (covered).inert = sheet;
  const heading = /** @type {HTMLElement} */ (refine.querySelector('h2'));
  heading.tabIndex = -1;
  if (sheet) heading.focus();
}

/** The zones to pick from, the browser's first. */
function fillZones() {
  const select = /** @type {HTMLSelectElement} */ (document.getElementById('tz'));
  const own = new Option(`${BROWSER_ZONE} (this device)`, BROWSER_ZONE);
  select.append(
    own,
    ...zoneChoices()
      .filter((zone) => zone !== BROWSER_ZONE)
      .map((zone) => new Option(zone, zone)),
  );
}

/** A suggestion chosen: a word completes the box, a label becomes a filter. @param {import('./completion.js').Suggestion} suggestion */
function applySuggestion(suggestion) {
  if (suggestion.kind === 'word') {
    box.value = completeLastWord(box.value, suggestion.value);
    return;
  }
  const state = stateFromUrl();
  const chosen = state.filters[suggestion.kind] ?? [];
  box.value = '';
  go({
    ...state,
    q: '',
    filters: { ...state.filters, [suggestion.kind]: [...new Set([...chosen, suggestion.value])] },
    page: 1,
    article: '',
  });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  closeSuggestions();
  const data = new FormData(form);
  const state = stateFromUrl();
  for (const name of FIELDS) state[name] = String(data.get(name) ?? '');
  if (state.tz === BROWSER_ZONE) state.tz = '';
  const fromSheet = refine.contains(document.activeElement) && refine.classList.contains('open');
  setRefineOpen(false);
  go({ ...state, page: 1, article: '' });
  // The button pressed has gone with the sheet: the keyboard goes on from the results.
  if (fromSheet) results.focus();
});
// Sort, chart interval and zone apply at once; dates wait for Apply or Enter (typing a date fires many changes).
for (const name of ['sort', 'interval', 'tz']) {
  document.getElementById(name)?.addEventListener('change', () => {
    const state = stateFromUrl();
    const value = /** @type {HTMLSelectElement} */ (form.elements.namedItem(name)).value;
    go({ ...state, [name]: name === 'tz' && value === BROWSER_ZONE ? '' : value, page: 1, article: '' });
  });
}
document.getElementById('clear-dates')?.addEventListener('click', () => go({ ...stateFromUrl(), from: '', to: '', page: 1, article: '' }));
refineToggle.addEventListener('click', () => setRefineOpen(!refine.classList.contains('open')));
document.getElementById('refine-close')?.addEventListener('click', () => {
  setRefineOpen(false);
  refineToggle.focus();
});
refine.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && refine.classList.contains('open')) {
    setRefineOpen(false);
    refineToggle.focus();
  }
});
window.addEventListener('popstate', () => void render(stateFromUrl()));
drawStatesWith(render);
fillZones();
startCompletion(applySuggestion);
// The URL written the page's own way (defaults left out), so that a shared link is the shortest one.
history.replaceState(null, '', hrefOf(stateFromUrl()));
void render(stateFromUrl());
box.focus();
