// @ts-check
// The article view: the whole article the URL names (?article=id), in place of the results, set
// as text in a column made for reading, with a way back to the hit it was opened from.

import { go, parametersOf, stateFromUrl, zoneOf } from './state.js';
import { momentIn } from './zones.js';

/**
 * @typedef {import('./state.js').PageState} PageState
 * @typedef {{ detail?: string, parameter?: string }} Problem
 * @typedef {{ id: string, title?: string, body?: string, date?: string, author?: string, url?: string, tags?: string[] }} FullArticle
 */

// The article shown, and the one to return to once it is closed.
let shown = '';
let returnTo = '';

/**
 * Shows the article the URL names (?article=id) in place of the results, or the results.
 * @param {PageState} state
 */
export async function drawReader(state) {
  const reader = /** @type {HTMLElement} */ (document.getElementById('reader'));
  const answerView = /** @type {HTMLElement} */ (document.getElementById('answer'));
  if (state.article === '') {
    if (!reader.hidden) returnTo = shown;
    shown = '';
    reader.hidden = true;
    reader.replaceChildren();
    answerView.hidden = false;
    document.title = 'Gazette search';
    return;
  }
  const response = await fetch(`/articles/${encodeURIComponent(state.article)}`, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (parametersOf(stateFromUrl()).get('article') !== state.article) return;
  shown = state.article;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close secondary';
  close.textContent = '← Back to results';
  close.addEventListener('click', () => go({ ...state, article: '' }));
  reader.replaceChildren(close);
  if (!response.ok) {
    const message = document.createElement('p');
    message.textContent = /** @type {Problem} */ (body).detail ?? 'This article cannot be shown.';
    reader.append(message);
  } else reader.append(...articleNodes(/** @type {FullArticle} */ (body), zoneOf(state)));
  answerView.hidden = true;
  reader.hidden = false;
  reader.focus();
}

/**
 * The id of the article just closed (by its button or by Back), once: the hits, drawn anew,
 * put focus back on its link, where the reader left the list.
 */
export function takeReturnTo() {
  const id = returnTo;
  returnTo = '';
  return id;
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
    const element = document.createElement(isSubheading(paragraph) ? 'h3' : 'p');
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

/**
 * A story's crosshead ("Corbyn to step down"): a short line that ends without punctuation. Text
 * keeps no markup, so this is a guess; it changes only how the line looks.
 * @param {string} paragraph
 */
function isSubheading(paragraph) {
  return paragraph.length <= 60 && !paragraph.includes('\n') && /[\p{L}\p{N}]$/u.test(paragraph.trim());
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
export function timeOf(date, zone, format) {
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
