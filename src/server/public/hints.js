// @ts-check
// On no results, what else to try: links that widen the search, and the search tips.

import { linkTo } from './state.js';

/**
 * @typedef {import('./state.js').PageState} PageState
 * @typedef {{ total: number }} Answer
 */

const hints = /** @type {HTMLElement} */ (document.getElementById('hints'));

/** Hides the hints (a search failed). */
export function hideHints() {
  hints.replaceChildren();
  hints.hidden = true;
}

/**
 * With no results: searches that would find more, and the search tips. (What the engine did
 * with the words, typos forgiven or a correction to offer, is said beside the count.)
 * @param {Answer} answer @param {PageState} state @param {() => void} openTips
 */
export function drawHints(answer, state, openTips) {
  hideHints();
  if (answer.total > 0) return;
  const tips = document.createElement('button');
  tips.type = 'button';
  tips.className = 'link';
  tips.textContent = 'Search tips';
  tips.addEventListener('click', openTips);
  const heading = document.createElement('p');
  heading.textContent = 'Nothing found. Try:';
  hints.append(heading, widerSearches(state, tips));
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
