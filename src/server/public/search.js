// @ts-check
// The search page. Its state lives in the URL (shareable; Back and Forward replay it); each
// state is drawn from one GET /search. Every value from an article is set as text, except the
// snippet, whose <mark> tags are kept and anything else is turned back into text. The chart,
// the pager, completion and time zones are modules of their own beside this one.

import { drawChart } from './chart.js';
import { closeSuggestions, completeLastWord, startCompletion } from './completion.js';
import { drawPager } from './pager.js';
import { browserZone, dayIn, momentIn, zoneChoices } from './zones.js';

/**
 * @typedef {import('./chart.js').DateFacet} DateFacet
 * @typedef {{ id: string, title?: string, titleHighlighted?: string, date?: string, author?: string, source?: string, url?: string, snippet?: string }} Hit
 * @typedef {{ field: string, values: { value: string, count: number, selected?: true }[] }} TermFacet
 * @typedef {{ hits: Hit[], total: number, page: number, totalPages: number, tookMs: number, warnings?: string[],
 *   didYouMean?: string, facets: { date: DateFacet } & Record<string, TermFacet | undefined> }} SearchAnswer
 * @typedef {{ detail?: string, parameter?: string }} Problem
 * @typedef {{ id: string, title?: string, body?: string, date?: string, author?: string, url?: string, tags?: string[] }} FullArticle
 * @typedef {{ q: string, from: string, to: string, sort: string, interval: string, tz: string, page: number,
 *   filters: Record<string, string[]>, article: string }} PageState
 */

const HITS_PER_PAGE = 10;
/** Pages past this reach the engine's offset bound (10,000 hits). */
const MAX_PAGE = 1000;
/** Few enough results that the page says how the query was read and what else to try. */
const FEW_RESULTS = 3;
const FIELDS = /** @type {const} */ (['q', 'from', 'to', 'sort', 'interval', 'tz']);
/** The facets drawn as checkboxes, in this order, with their headings. */
const TERM_FACETS = { source: 'Source', author: 'Author', tag: 'Tag' };
const FACET_NAMES = Object.keys(TERM_FACETS);
const BROWSER_ZONE = browserZone();

const form = /** @type {HTMLFormElement} */ (document.getElementById('search'));
const box = /** @type {HTMLInputElement} */ (document.getElementById('q'));
const statusLine = /** @type {HTMLElement} */ (document.getElementById('status'));
const results = /** @type {HTMLElement} */ (document.getElementById('results'));
const hints = /** @type {HTMLElement} */ (document.getElementById('hints'));
const refine = /** @type {HTMLElement} */ (document.getElementById('refine'));
const refineToggle = /** @type {HTMLButtonElement} */ (document.getElementById('refine-toggle'));
/** @type {AbortController | undefined} */
let inFlight;

/** @returns {PageState} */
function stateFromUrl() {
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
function zoneOf(state) {
  return state.tz === '' ? BROWSER_ZONE : state.tz;
}

/** The URL parameters of a state; the same ones the page sends to /search. Defaults are left out. @param {PageState} state */
function parametersOf(state) {
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
function hrefOf(state) {
  const query = parametersOf(state).toString();
  return query === '' ? location.pathname : `?${query}`;
}

/** Moves to a new state: a new history entry, then draws it. @param {PageState} state */
function go(state) {
  history.pushState(null, '', hrefOf(state));
  void render(state);
}

/** A link to another state: a real link (it opens in a new tab too); a plain click draws it here. @param {PageState} state @param {string} text */
function linkTo(state, text) {
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
function searchParameters(state) {
  const params = parametersOf(state);
  params.delete('article');
  params.set('tz', zoneOf(state));
  params.set('interval', state.interval);
  params.set('hitsPerPage', String(HITS_PER_PAGE));
  params.set('page', String(state.page));
  params.set('facets', FACET_NAMES.join(','));
  return params;
}

/** @param {URLSearchParams} params @param {AbortSignal} signal */
async function fetchSearch(params, signal) {
  const response = await fetch(`/search?${params}`, { signal, headers: { Accept: 'application/json' } });
  return { ok: response.ok, body: await response.json() };
}

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
  void drawHints(answer, state);
  drawChart(answer.facets.date, {
    chosen: { from: state.from, to: state.to },
    note,
    onChoose: (range) => go({ ...state, ...range, page: 1, article: '' }),
    onUndated: () => go({ ...state, sort: 'date', page: firstUndatedPage(answer), article: '' }),
  });
  drawTermFacets(answer.facets, state);
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
    field.value = name === 'tz' ? zoneOf(state) : state[name];
    field.removeAttribute('aria-invalid');
  }
}

/** @param {Problem} problem */
function showProblem(problem) {
  statusLine.textContent = problem.detail ?? 'The search failed.';
  const field = problem.parameter === undefined ? null : form.elements.namedItem(problem.parameter);
  if (field instanceof HTMLElement) field.setAttribute('aria-invalid', 'true');
  for (const id of ['hits', 'pages', 'histogram']) document.getElementById(id)?.replaceChildren();
  hints.hidden = true;
  /** @type {HTMLElement} */ (document.getElementById('timeline')).hidden = true;
}

/**
 * On no or few results: what else to try. Words the engine also searched (typos forgiven,
 * names spelt otherwise) come from a second, small search with `explain`.
 * @param {SearchAnswer} answer @param {PageState} state
 */
async function drawHints(answer, state) {
  hints.replaceChildren();
  hints.hidden = true;
  if (answer.total > FEW_RESULTS || (state.q.trim() === '' && answer.total > 0)) return;
  const tries = document.createElement('ul');
  /** @param {...(string | Node)} parts */
  const add = (...parts) => {
    const item = document.createElement('li');
    item.append(...parts);
    tries.append(item);
  };
  const filtered = state.from !== '' || state.to !== '' || Object.keys(state.filters).length > 0;
  if (filtered) add(linkTo({ ...state, from: '', to: '', filters: {}, page: 1, article: '' }, 'Search all dates and sources'));
  const words = state.q
    .trim()
    .split(/\s+/)
    .filter((word) => /^[\p{L}\p{N}]{4,}$/u.test(word));
  if (words.length > 1) add('Fewer words: every article holding any of them is found, those with all first');
  if (words[0] !== undefined) {
    const prefix = `${words[0].slice(0, Math.max(3, words[0].length - 2))}*`;
    add('A beginning, for other endings: ', linkTo({ ...state, q: prefix, page: 1, article: '' }, prefix));
    add('Spellings further away: ', linkTo({ ...state, q: `${words[0]}~2`, page: 1, article: '' }, `${words[0]}~2`));
  }
  const tips = document.createElement('button');
  tips.type = 'button';
  tips.className = 'link';
  tips.textContent = 'Search tips';
  tips.addEventListener('click', openTips);
  add('More in the ', tips);
  const heading = document.createElement('p');
  heading.textContent = answer.total === 0 ? 'Nothing found. Try:' : 'Few results. Try:';
  hints.append(heading, tries);
  hints.hidden = false;
  const forgiven = await searchedAs(state);
  if (forgiven.length > 0 && hints.isConnected) {
    const line = document.createElement('p');
    line.textContent = `Also searched, forgiving typos and spellings: ${forgiven.join('; ')}.`;
    hints.insertBefore(line, tries);
  }
}

/** "lukashenka as lukashenko": each word the engine searched as other words too. @param {PageState} state */
async function searchedAs(state) {
  if (state.q.trim() === '') return [];
  const params = searchParameters({ ...state, page: 1 });
  params.set('explain', 'true');
  params.set('hitsPerPage', '1');
  params.set('fields', 'id');
  params.delete('facets');
  try {
    const { ok, body } = await fetchSearch(params, AbortSignal.timeout(5000));
    /** @type {{ word: string, searchedAs: string[] }[]} */
    const expansions = ok ? (body.explain?.expansions ?? []) : [];
    return expansions
      .filter((expansion) => !/[*~]/.test(expansion.word))
      .map((expansion) => `${expansion.word} as ${expansion.searchedAs.slice(0, 5).join(', ')}`);
  } catch {
    return [];
  }
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

/**
 * Shows the article the URL names (?article=id) in place of the results, or the results.
 * @param {PageState} state
 */
async function drawReader(state) {
  const reader = /** @type {HTMLElement} */ (document.getElementById('reader'));
  const answerView = /** @type {HTMLElement} */ (document.getElementById('answer'));
  if (state.article === '') {
    const wasOpen = !reader.hidden;
    reader.hidden = true;
    reader.replaceChildren();
    answerView.hidden = false;
    document.title = 'Gazette search';
    return wasOpen;
  }
  const response = await fetch(`/articles/${encodeURIComponent(state.article)}`, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (parametersOf(stateFromUrl()).get('article') !== state.article) return false;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close secondary';
  close.textContent = '← Back to results';
  close.addEventListener('click', () => {
    go({ ...state, article: '' });
    // Back where the reader left the list: on the article's own link.
    requestAnimationFrame(() =>
      /** @type {HTMLElement | null} */ (document.querySelector(`#hits a[data-id="${CSS.escape(state.article)}"]`))?.focus(),
    );
  });
  reader.replaceChildren(close);
  if (!response.ok) {
    const message = document.createElement('p');
    message.textContent = /** @type {Problem} */ (body).detail ?? 'This article cannot be shown.';
    reader.append(message);
  } else reader.append(...articleNodes(/** @type {FullArticle} */ (body), zoneOf(state)));
  answerView.hidden = true;
  reader.hidden = false;
  reader.focus();
  return true;
}

/** @param {FullArticle} article @param {string} zone */
function articleNodes(article, zone) {
  const heading = document.createElement('h2');
  heading.textContent = article.title || '(untitled)';
  document.title = `${heading.textContent} · Gazette`;
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.append(timeOf(article.date, zone, momentIn));
  if (article.author) meta.append(` · ${article.author}`);
  const source = sourceOf(article.url);
  if (source !== undefined) meta.append(' · ', source);
  const text = document.createElement('div');
  text.className = 'body';
  for (const paragraph of (article.body ?? '').split(/\n\s*\n/)) {
    const element = document.createElement('p');
    element.textContent = paragraph;
    text.append(element);
  }
  const nodes = [heading, meta, text];
  if ((article.tags ?? []).length > 0) {
    const tags = document.createElement('p');
    tags.className = 'tags';
    tags.textContent = `Tags: ${article.tags?.join(', ')}`;
    nodes.push(tags);
  }
  return nodes;
}

/** A link to the article where it was published, for http(s) URLs only. @param {string | undefined} url */
function sourceOf(url) {
  if (url === undefined || !/^https?:\/\//.test(url) || !URL.canParse(url)) return undefined;
  const original = document.createElement('a');
  original.href = url;
  original.rel = 'noopener noreferrer';
  original.textContent = `Read at ${new URL(url).hostname.replace(/^www\./, '')}`;
  return original;
}

/** @param {string | undefined} date @param {string} zone @param {(iso: string, zone: string) => string} format */
function timeOf(date, zone, format) {
  const when = document.createElement('time');
  if (date === undefined) {
    when.textContent = 'undated';
    return when;
  }
  when.dateTime = date;
  when.textContent = format(date, zone);
  when.title = momentIn(date, zone);
  return when;
}

/** Date, author and source, as text. @param {Hit} hit @param {string} zone */
function metaLine(hit, zone) {
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.append(timeOf(hit.date, zone, dayIn));
  for (const part of [hit.author, hit.source]) if (part) meta.append(` · ${part}`);
  return meta;
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
    list.append(item);
  }
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
  setRefineOpen(false);
  go({ ...state, page: 1, article: '' });
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
fillZones();
startCompletion(applySuggestion);
// The URL written the page's own way (defaults left out), so that a shared link is the shortest one.
history.replaceState(null, '', hrefOf(stateFromUrl()));
void render(stateFromUrl());
box.focus();
