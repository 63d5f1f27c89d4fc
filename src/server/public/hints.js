// @ts-check
// On no or few results, what else to try: links that widen the search, the search tips, and the
// words the engine also searched for the query (typos forgiven, names spelt otherwise).

import { fetchSearch, linkTo, searchParameters } from './state.js';

/**
 * @typedef {import('./state.js').PageState} PageState
 * @typedef {{ total: number }} Answer
 */

/** Few enough results that the page says how the query was read and what else to try. */
export const FEW_RESULTS = 3;
const hints = /** @type {HTMLElement} */ (document.getElementById('hints'));
// Which drawing is the latest: the words searched arrive later, and only for the hints still shown.
let drawings = 0;

/** Hides the hints (a search failed). */
export function hideHints() {
  drawings++;
  hints.replaceChildren();
  hints.hidden = true;
}

/**
 * On no or few results: what else to try. Words the engine also searched (typos forgiven,
 * names spelt otherwise) come from a second, small search with `explain`.
 * @param {Answer} answer @param {PageState} state @param {() => void} openTips
 */
export async function drawHints(answer, state, openTips) {
  hideHints();
  const drawing = drawings;
  if (answer.total > FEW_RESULTS || (state.q.trim() === '' && answer.total > 0)) return;
  const tips = document.createElement('button');
  tips.type = 'button';
  tips.className = 'link';
  tips.textContent = 'Search tips';
  tips.addEventListener('click', openTips);
  if (answer.total === 0) {
    const heading = document.createElement('p');
    heading.textContent = 'Nothing found. Try:';
    hints.append(heading, widerSearches(state, tips));
    hints.hidden = false;
  }
  // A few results are news in themselves; the hint comes only if typos were forgiven to find them.
  const forgiven = await searchedAs(state);
  if (forgiven.length === 0 || drawing !== drawings) return;
  const line = document.createElement('p');
  line.textContent = `Also searched, forgiving typos and spellings: ${forgiven.join('; ')}.`;
  if (answer.total === 0) hints.insertBefore(line, hints.querySelector('ul'));
  else hints.append(line, 'Fewer results than you expected? See the ', tips, '.');
  hints.hidden = false;
}

/** Links to searches that find more than this one did. @param {PageState} state @param {HTMLElement} tips */
function widerSearches(state, tips) {
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
  add('More in the ', tips);
  return tries;
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
