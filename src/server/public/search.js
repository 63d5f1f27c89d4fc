// @ts-check
// The search page. Its state lives in the URL (shareable; Back and Forward replay it); each
// state is drawn from one GET /search. Every value from an article is set as text, except the
// snippet, whose <mark> tags are kept and anything else is turned back into text.

/**
 * @typedef {{ key: string, from: string, to: string, count: number }} DateBucket
 * @typedef {{ interval: string, buckets: DateBucket[], undated: number }} DateFacet
 * @typedef {{ id: string, title?: string, titleHighlighted?: string, date?: string, author?: string, url?: string, snippet?: string }} Hit
 * @typedef {{ hits: Hit[], total: number, page: number, totalPages: number, tookMs: number,
 *   warnings?: string[], didYouMean?: string, facets: { date: DateFacet } & Record<string, unknown> }} SearchAnswer
 * @typedef {{ detail?: string, parameter?: string }} Problem
 * @typedef {{ value: string, count: number }} TermCount
 * @typedef {{ id: string, title?: string, body?: string, date?: string, author?: string, url?: string }} FullArticle
 * @typedef {{ q: string, from: string, to: string, sort: string, interval: string, page: number,
 *   filters: Record<string, string[]>, article: string }} PageState
 */

const HITS_PER_PAGE = 10;
/** Pages past this reach the engine's offset bound (10,000 hits). */
const MAX_PAGE = 1000;
const FIELDS = /** @type {const} */ (['q', 'from', 'to', 'sort', 'interval']);
/** Term facets drawn as checkboxes when the server offers them. */
const TERM_FACETS = ['author', 'tag'];

const form = /** @type {HTMLFormElement} */ (document.getElementById('search'));
const statusLine = /** @type {HTMLElement} */ (document.getElementById('status'));
const results = /** @type {HTMLElement} */ (document.getElementById('results'));
let termFacetsOffered = true;
/** @type {AbortController | undefined} */
let inFlight;

/** @returns {PageState} */
function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  /** @type {Record<string, string[]>} */
  const filters = {};
  for (const name of TERM_FACETS) {
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
    interval: params.get('interval') ?? 'month',
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
    filters,
    article: params.get('article') ?? '',
  };
}

/** The URL parameters of a state; the same ones the page sends to /search. @param {PageState} state */
function parametersOf(state) {
  const params = new URLSearchParams();
  for (const name of FIELDS) if (state[name] !== '') params.set(name, state[name]);
  if (state.sort === 'relevance') params.delete('sort');
  if (state.interval === 'month') params.delete('interval');
  if (state.page > 1) params.set('page', String(state.page));
  for (const [name, values] of Object.entries(state.filters)) for (const value of values) params.append(name, value);
  if (state.article !== '') params.set('article', state.article);
  return params;
}

/** Moves to a new state: a new history entry, then draws it. @param {PageState} state */
function go(state) {
  const query = parametersOf(state).toString();
  history.pushState(null, '', query === '' ? location.pathname : `?${query}`);
  void render(state);
}

/** @param {PageState} state */
async function render(state) {
  fillForm(state);
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  results.setAttribute('aria-busy', 'true');
  void drawReader(state);
  const params = parametersOf(state);
  params.delete('article');
  params.set('hitsPerPage', String(HITS_PER_PAGE));
  if (params.has('page') === false) params.set('page', '1');
  if (termFacetsOffered) params.set('facets', TERM_FACETS.join(','));
  let response;
  try {
    response = await fetch(`/search?${params}`, { signal: controller.signal, headers: { Accept: 'application/json' } });
  } catch {
    if (!controller.signal.aborted) statusLine.textContent = 'The server cannot be reached; try again.';
    return;
  }
  const body = await response.json();
  if (controller.signal.aborted) return;
  if (!response.ok) {
    const problem = /** @type {Problem} */ (body);
    // An engine without term facets says so once; the page then does without them.
    if (problem.parameter === 'facets' && termFacetsOffered) {
      termFacetsOffered = false;
      return render(state);
    }
    showProblem(problem);
    finished(state);
    return;
  }
  const answer = /** @type {SearchAnswer} */ (body);
  const count = `${answer.total.toLocaleString('en')} article${answer.total === 1 ? '' : 's'}`;
  // What the engine changed in the query (an expansion capped, a word ignored) is said beside the count.
  const warnings = (answer.warnings ?? []).map((warning) => ` · ${warning}`).join('');
  statusLine.textContent = `${answer.total === 0 ? 'No articles match.' : `${count} (${answer.tookMs} ms)`}${warnings}`;
  if (answer.didYouMean !== undefined) offerCorrection(answer.didYouMean, state);
  drawHistogram(answer.facets.date, state);
  drawTermFacets(answer.facets, state);
  drawHits(answer.hits, state);
  drawPages(answer, state);
  finished(state);
}

/**
 * "Did you mean …?" after the count: a link to the corrected search (set as text, like every
 * value from the engine). @param {string} corrected @param {PageState} state
 */
function offerCorrection(corrected, state) {
  const correctedState = { ...state, q: corrected, page: 1, article: '' };
  const link = document.createElement('a');
  link.href = `?${parametersOf(correctedState)}`;
  link.textContent = corrected;
  link.addEventListener('click', (event) => {
    event.preventDefault();
    go(correctedState);
  });
  statusLine.append(' · Did you mean ', link, '?');
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
    field.value = state[name];
    field.removeAttribute('aria-invalid');
  }
}

/** @param {Problem} problem */
function showProblem(problem) {
  statusLine.textContent = problem.detail ?? 'The search failed.';
  const field = problem.parameter === undefined ? null : form.elements.namedItem(problem.parameter);
  if (field instanceof HTMLElement) field.setAttribute('aria-invalid', 'true');
  for (const id of ['hits', 'pages', 'histogram']) document.getElementById(id)?.replaceChildren();
}

/** The last day of a bucket, as the inclusive `to` date. @param {DateBucket} bucket */
function lastDayOf(bucket) {
  return new Date(Date.parse(bucket.to) - 1).toISOString().slice(0, 10);
}

/** @param {DateFacet} histogram @param {PageState} state */
function drawHistogram(histogram, state) {
  const section = /** @type {HTMLElement} */ (document.getElementById('timeline'));
  const chart = /** @type {HTMLElement} */ (document.getElementById('histogram'));
  chart.replaceChildren();
  section.hidden = histogram.buckets.length === 0;
  const max = Math.max(1, ...histogram.buckets.map((bucket) => bucket.count));
  for (const bucket of histogram.buckets) {
    const from = bucket.from.slice(0, 10);
    const to = lastDayOf(bucket);
    const active = state.from === from && state.to === to;
    const bar = document.createElement('button');
    bar.type = 'button';
    bar.className = 'bar';
    bar.dataset.key = bucket.key;
    bar.dataset.count = String(bucket.count);
    bar.style.height = `${(100 * bucket.count) / max}%`;
    bar.title = `${bucket.key}: ${bucket.count}`;
    bar.setAttribute('aria-pressed', String(active));
    bar.setAttribute('aria-label', `${bucket.key}: ${bucket.count} article${bucket.count === 1 ? '' : 's'}`);
    // A second click on the chosen period clears the date filter.
    bar.addEventListener('click', () => go({ ...state, from: active ? '' : from, to: active ? '' : to, page: 1, article: '' }));
    chart.append(bar);
  }
  const [first, last] = /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#histogram-axis span'));
  if (first !== undefined && last !== undefined) {
    first.textContent = histogram.buckets[0]?.key ?? '';
    last.textContent = histogram.buckets.length > 1 ? (histogram.buckets.at(-1)?.key ?? '') : '';
  }
}

/**
 * Reads a term facet in any of the shapes a server may give it: a list of {value|key, count},
 * an object holding such a list, or a map of value to count.
 * @param {unknown} facet
 * @returns {TermCount[] | undefined}
 */
function termCounts(facet) {
  if (facet === null || typeof facet !== 'object') return undefined;
  const holder = /** @type {Record<string, unknown>} */ (facet);
  const list = Array.isArray(facet) ? facet : [holder.buckets, holder.values, holder.terms].find(Array.isArray);
  if (Array.isArray(list)) {
    return list
      .map((item) => ({ value: String(item?.value ?? item?.key ?? item?.term ?? ''), count: Number(item?.count ?? 0) }))
      .filter((item) => item.value !== '');
  }
  const entries = Object.entries(holder).filter(([, count]) => typeof count === 'number');
  return entries.length > 0 ? entries.map(([value, count]) => ({ value, count: Number(count) })) : undefined;
}

/** @param {Record<string, unknown>} facets @param {PageState} state */
function drawTermFacets(facets, state) {
  const aside = /** @type {HTMLElement} */ (document.getElementById('facets'));
  aside.replaceChildren();
  for (const name of TERM_FACETS) {
    const counts = termCounts(facets[name]);
    if (counts === undefined || counts.length === 0) continue;
    const chosen = state.filters[name] ?? [];
    const fieldset = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = name === 'tag' ? 'Tags' : 'Authors';
    fieldset.append(legend);
    for (const { value, count } of counts.slice(0, 15)) {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = name;
      box.value = value;
      box.checked = chosen.includes(value);
      box.addEventListener('change', () => {
        const next = box.checked ? [...chosen, value] : chosen.filter((item) => item !== value);
        go({ ...state, filters: { ...state.filters, [name]: next }, page: 1, article: '' });
      });
      label.append(box, ` ${value} (${count})`);
      fieldset.append(label);
    }
    aside.append(fieldset);
  }
  aside.hidden = aside.childElementCount === 0;
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
 * Shows the article the URL names (?article=id) above the results, or hides the reader.
 * @param {PageState} state
 */
async function drawReader(state) {
  const reader = /** @type {HTMLElement} */ (document.getElementById('reader'));
  if (state.article === '') {
    reader.hidden = true;
    reader.replaceChildren();
    return;
  }
  const response = await fetch(`/articles/${encodeURIComponent(state.article)}`, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (parametersOf(stateFromUrl()).get('article') !== state.article) return;
  reader.replaceChildren();
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.textContent = 'Close article';
  close.addEventListener('click', () => go({ ...state, article: '' }));
  if (!response.ok) {
    const message = document.createElement('p');
    message.textContent = /** @type {Problem} */ (body).detail ?? 'This article cannot be shown.';
    reader.append(message, close);
  } else {
    const article = /** @type {FullArticle} */ (body);
    const heading = document.createElement('h2');
    heading.textContent = article.title || '(untitled)';
    const meta = metaLine(article);
    const paragraphs = (article.body ?? '').split(/\n\s*\n/).map((text) => {
      const paragraph = document.createElement('p');
      paragraph.textContent = text;
      return paragraph;
    });
    reader.append(heading, meta, ...paragraphs);
    if (article.url !== undefined && /^https?:\/\//.test(article.url)) {
      const original = document.createElement('a');
      original.href = article.url;
      original.rel = 'noopener noreferrer';
      original.textContent = 'Read at the source';
      reader.append(original, ' ');
    }
    reader.append(close);
  }
  reader.hidden = false;
  reader.focus();
}

/** Date and author, as text. @param {{ date?: string, author?: string }} item */
function metaLine(item) {
  const meta = document.createElement('p');
  meta.className = 'meta';
  const when = document.createElement('time');
  if (item.date !== undefined) when.dateTime = item.date;
  when.textContent =
    item.date === undefined
      ? 'undated'
      : new Date(item.date).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  meta.append(when);
  if (item.author) meta.append(` · ${item.author}`);
  return meta;
}

/** @param {Hit[]} hits @param {PageState} state */
function drawHits(hits, state) {
  const list = /** @type {HTMLElement} */ (document.getElementById('hits'));
  list.replaceChildren();
  for (const hit of hits) {
    const item = document.createElement('li');
    const heading = document.createElement('h3');
    const link = document.createElement('a');
    const opened = { ...state, article: hit.id };
    // A real link (it opens in a new tab too); a plain click reads the article here.
    link.href = `?${parametersOf(opened)}`;
    // The highlighted title keeps only its <mark> elements, like the snippet.
    if (hit.titleHighlighted) link.replaceChildren(...snippetNodes(hit.titleHighlighted));
    else link.textContent = hit.title || '(untitled)';
    link.addEventListener('click', (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      go(opened);
    });
    heading.append(link);
    const snippet = document.createElement('p');
    snippet.className = 'snippet';
    snippet.append(...snippetNodes(hit.snippet ?? ''));
    item.append(heading, metaLine(hit), snippet);
    list.append(item);
  }
}

/** @param {SearchAnswer} answer @param {PageState} state */
function drawPages(answer, state) {
  const nav = /** @type {HTMLElement} */ (document.getElementById('pages'));
  nav.replaceChildren();
  const last = Math.min(answer.totalPages, MAX_PAGE);
  if (last <= 1) return;
  /** @param {string} label @param {number} page @param {string} [description] */
  const add = (label, page, description) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    if (description !== undefined) button.setAttribute('aria-label', description);
    if (page === state.page) button.setAttribute('aria-current', 'page');
    button.addEventListener('click', () => {
      go({ ...state, page, article: '' });
      results.focus();
    });
    nav.append(button);
  };
  if (state.page > 1) add('← Previous', state.page - 1, 'Previous page');
  const shown = new Set([1, last, state.page - 1, state.page, state.page + 1].filter((page) => page >= 1 && page <= last));
  for (const page of [...shown].sort((a, b) => a - b)) add(String(page), page, `Page ${page}`);
  if (state.page < last) add('Next →', state.page + 1, 'Next page');
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const state = stateFromUrl();
  for (const name of FIELDS) state[name] = String(data.get(name) ?? '');
  go({ ...state, page: 1, article: '' });
});
// Changing sort or chart interval applies at once; dates wait for Search (typing a date fires many changes).
for (const name of ['sort', 'interval']) document.getElementById(name)?.addEventListener('change', () => form.requestSubmit());
window.addEventListener('popstate', () => void render(stateFromUrl()));
void render(stateFromUrl());
/** @type {HTMLInputElement} */ (document.getElementById('q')).focus();
