// @ts-check
// Completion as you type, from GET /suggest, as an ARIA combobox. It never takes the keyboard:
// typing goes on in the box, focus stays there, Enter searches unless an arrow key chose a
// suggestion, Escape closes the list, Tab moves on as usual.

/**
 * @typedef {{ kind: 'word' | 'author' | 'tag' | 'source', value: string, count: number }} Suggestion
 * @typedef {(suggestion: Suggestion) => void} Pick
 */

/** How long typing must pause before the server is asked: a suggestion per keystroke would be a request per keystroke. */
export const DEBOUNCE_MS = 150;
const SHOWN = 8;

const input = /** @type {HTMLInputElement} */ (document.getElementById('q'));
const list = /** @type {HTMLElement} */ (document.getElementById('suggestions'));
/** @type {Suggestion[]} */
let shown = [];
let active = -1;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let pending;
/** @type {AbortController | undefined} */
let inFlight;
/** @type {Pick} */
let onPick = () => {};

/** Closes the list and forgets a request on its way (a search was made, or the box left). */
export function closeSuggestions() {
  clearTimeout(pending);
  inFlight?.abort();
  shown = [];
  active = -1;
  list.hidden = true;
  list.replaceChildren();
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
}

/** The text a word suggestion makes of what was typed: its last word completed. @param {string} typed @param {string} word */
export function completeLastWord(typed, word) {
  return `${typed.replace(/\S*$/u, '')}${word} `;
}

/** Starts completing in the search box; `pick` is told which suggestion was chosen. @param {Pick} pick */
export function startCompletion(pick) {
  onPick = pick;
  input.addEventListener('input', () => {
    clearTimeout(pending);
    pending = setTimeout(() => void suggest(input.value), DEBOUNCE_MS);
  });
  input.addEventListener('keydown', onKey);
  input.addEventListener('blur', () => closeSuggestions());
  // mousedown, not click: the box keeps its focus.
  list.addEventListener('mousedown', (event) => {
    const option = event.target instanceof Element ? event.target.closest('[role="option"]') : null;
    if (option === null) return;
    event.preventDefault();
    choose(Number(option.getAttribute('data-index')));
  });
}

/** @param {string} typed */
async function suggest(typed) {
  inFlight?.abort();
  if (typed.trim().length < 2) return closeSuggestions();
  const controller = new AbortController();
  inFlight = controller;
  let answer;
  try {
    const response = await fetch(`/suggest?${new URLSearchParams({ q: typed, limit: String(SHOWN) })}`, { signal: controller.signal });
    if (!response.ok) return closeSuggestions();
    answer = /** @type {{ suggestions: Suggestion[] }} */ (await response.json());
  } catch {
    return;
  }
  // An answer for text no longer in the box, or for a box no longer in use, is dropped.
  if (controller.signal.aborted || input.value !== typed || document.activeElement !== input) return;
  draw(answer.suggestions);
}

/** @param {Suggestion[]} suggestions */
function draw(suggestions) {
  shown = suggestions;
  active = -1;
  input.removeAttribute('aria-activedescendant');
  list.replaceChildren(
    ...suggestions.map((suggestion, index) => {
      const option = document.createElement('div');
      option.id = `suggestion-${index}`;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.dataset.index = String(index);
      const value = document.createElement('span');
      value.textContent = suggestion.value;
      const kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = `${suggestion.kind === 'word' ? '' : `${suggestion.kind} · `}${suggestion.count.toLocaleString('en')}`;
      option.append(value, kind);
      return option;
    }),
  );
  list.hidden = suggestions.length === 0;
  input.setAttribute('aria-expanded', String(suggestions.length > 0));
}

/** @param {number} index */
function highlight(index) {
  active = index;
  for (const option of list.querySelectorAll('[role="option"]')) {
    option.setAttribute('aria-selected', String(option.id === `suggestion-${index}`));
  }
  if (index < 0) input.removeAttribute('aria-activedescendant');
  else input.setAttribute('aria-activedescendant', `suggestion-${index}`);
}

/** @param {KeyboardEvent} event */
function onKey(event) {
  const open = shown.length > 0;
  if (event.key === 'ArrowDown' && open) {
    event.preventDefault();
    highlight(active + 1 >= shown.length ? -1 : active + 1);
  } else if (event.key === 'ArrowUp' && open) {
    event.preventDefault();
    highlight(active <= -1 ? shown.length - 1 : active - 1);
  } else if (event.key === 'Enter' && open && active >= 0) {
    event.preventDefault();
    choose(active);
  } else if (event.key === 'Escape' && open) {
    // Closes the list only; the box keeps what was typed.
    event.preventDefault();
    closeSuggestions();
  } else if (event.key === 'Tab' || event.key === 'Enter') {
    closeSuggestions();
  }
}

/** @param {number} index */
function choose(index) {
  const suggestion = shown[index];
  closeSuggestions();
  if (suggestion !== undefined) onPick(suggestion);
}
