// @ts-check
// The date histogram as a bar chart. The whole chart is one tab stop (a toolbar): arrow keys,
// Home, End and Page Up/Down move between bars (a "roving" tab index), Enter or Space chooses
// one. Each bar's count shows on hover and on focus. Undated matches are the chart's last
// button, beside the bars, so that they are counted and reachable like any period.

import { localDay } from './zones.js';

/**
 * @typedef {{ key: string, from: string, to: string, count: number }} DateBucket
 * @typedef {{ interval: string, timeZone: string, buckets: DateBucket[], undated: number }} DateFacet
 * @typedef {{ from: string, to: string }} DayRange
 * @typedef {{ chosen: DayRange, note: string, onChoose: (range: DayRange) => void, onUndated: () => void }} ChartSetting
 */

/** About the most bars that fit a phone's width; past it the chart scrolls and says so. */
export const FEW_BARS = 60;

const toolbar = /** @type {HTMLElement} */ (document.getElementById('histogram'));
const detail = /** @type {HTMLElement} */ (document.getElementById('bar-detail'));

/** The days a bucket covers in the histogram's zone, as inclusive `from` and `to` dates. @param {DateBucket} bucket @param {string} zone */
export function daysOf(bucket, zone) {
  return { from: localDay(Date.parse(bucket.from), zone), to: localDay(Date.parse(bucket.to) - 1, zone) };
}

/** @param {number} count */
function articles(count) {
  return `${count.toLocaleString('en')} article${count === 1 ? '' : 's'}`;
}

/**
 * Draws the histogram, or hides the chart when there is nothing to draw.
 * @param {DateFacet} histogram @param {ChartSetting} setting
 */
export function drawChart(histogram, setting) {
  const section = /** @type {HTMLElement} */ (document.getElementById('timeline'));
  const { buckets, undated, timeZone } = histogram;
  const chosen = setting.chosen.from !== '' || setting.chosen.to !== '';
  // Kept while dates are chosen, however few the matches: "Clear dates" must stay in reach.
  section.hidden = buckets.length === 0 && undated === 0 && !chosen;
  const empty = buckets.length === 0 && undated === 0;
  toolbar.hidden = empty;
  /** @type {HTMLElement} */ (document.querySelector('#timeline .axis')).hidden = empty;
  const track = document.createElement('div');
  track.className = 'track';
  track.style.setProperty('--bars', String(buckets.length));
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  // An hour's bar stands for its whole day (the dates filter by day): none is the period chosen.
  const hours = histogram.interval === 'hour';
  for (const bucket of buckets) track.append(barOf(bucket, max, timeZone, hours ? { ...setting, chosen: { from: '', to: '' } } : setting));
  const scroller = document.createElement('div');
  scroller.className = 'bars';
  scroller.append(track);
  toolbar.replaceChildren(scroller);
  if (undated > 0) toolbar.append(undatedButton(undated, setting));
  toolbar.setAttribute('aria-label', `Matches by ${histogram.interval} (${timeZone}); choose a period to show only it`);
  const stop = toolbar.querySelector('[aria-pressed="true"]') ?? lastWithMatches(track) ?? toolbar.querySelector('button');
  if (stop instanceof HTMLElement) stop.tabIndex = 0;
  // The most recent periods are the likeliest to be wanted: a scrolled chart opens at its end, or at the chosen bar.
  scroller.scrollLeft =
    stop instanceof HTMLElement && stop.parentElement === track ? stop.offsetLeft - scroller.clientWidth / 2 : scroller.scrollWidth;
  labelAxis(scroller, buckets);
  scroller.addEventListener('scroll', () => labelAxis(scroller, buckets), { passive: true });
  detail.textContent = '';
  const many =
    buckets.length > FEW_BARS
      ? `${buckets.length.toLocaleString('en')} bars by ${histogram.interval}: scroll the chart, or choose a bar to zoom in. `
      : '';
  /** @type {HTMLElement} */ (document.getElementById('chart-note')).textContent = `${setting.note}${many}`;
  const clear = /** @type {HTMLButtonElement} */ (document.getElementById('clear-dates'));
  clear.hidden = !chosen;
}

/**
 * Names the first and last periods in view: the whole range, or the stretch a scrolled chart shows.
 * @param {HTMLElement} scroller @param {DateBucket[]} buckets
 */
function labelAxis(scroller, buckets) {
  const perBar = scroller.scrollWidth / Math.max(1, buckets.length);
  const first = Math.min(buckets.length - 1, Math.floor(scroller.scrollLeft / perBar));
  const last = Math.min(buckets.length - 1, Math.floor((scroller.scrollLeft + scroller.clientWidth - 1) / perBar));
  /** @type {HTMLElement} */ (document.getElementById('axis-first')).textContent = buckets[first]?.key ?? '';
  /** @type {HTMLElement} */ (document.getElementById('axis-last')).textContent = last > first ? (buckets[last]?.key ?? '') : '';
}

/** @param {DateBucket} bucket @param {number} max @param {string} zone @param {ChartSetting} setting */
function barOf(bucket, max, zone, setting) {
  const days = daysOf(bucket, zone);
  const active = setting.chosen.from === days.from && setting.chosen.to === days.to;
  const bar = document.createElement('button');
  bar.type = 'button';
  bar.className = 'bar';
  bar.tabIndex = -1;
  bar.dataset.key = bucket.key;
  bar.dataset.count = String(bucket.count);
  bar.style.height = `${(100 * bucket.count) / max}%`;
  bar.setAttribute('aria-pressed', String(active));
  bar.setAttribute('aria-label', `${bucket.key}: ${articles(bucket.count)}`);
  // Choosing the chosen period again shows every date.
  bar.addEventListener('click', () => setting.onChoose(active ? { from: '', to: '' } : days));
  return bar;
}

/** @param {number} undated @param {ChartSetting} setting */
function undatedButton(undated, setting) {
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'undated';
  button.tabIndex = -1;
  button.textContent = `${undated.toLocaleString('en')} undated`;
  button.setAttribute('aria-label', `${articles(undated)} without a date: list them`);
  button.addEventListener('click', setting.onUndated);
  return button;
}

/** @param {HTMLElement} track */
function lastWithMatches(track) {
  const withMatches = track.querySelectorAll('.bar:not([data-count="0"])');
  return withMatches[withMatches.length - 1];
}

/** @param {Element} button */
function describe(button) {
  detail.textContent = button.getAttribute('aria-label')?.replace(/: list them$/, '') ?? '';
}

/** @type {Record<string, (index: number, last: number) => number>} */
const MOVES = {
  ArrowRight: (index, last) => Math.min(last, index + 1),
  ArrowLeft: (index) => Math.max(0, index - 1),
  PageUp: (index) => Math.max(0, index - 10),
  PageDown: (index, last) => Math.min(last, index + 10),
  Home: () => 0,
  End: (_index, last) => last,
};

toolbar.addEventListener('keydown', (event) => {
  const move = MOVES[event.key];
  if (move === undefined || !(event.target instanceof HTMLButtonElement)) return;
  event.preventDefault();
  const buttons = [...toolbar.querySelectorAll('button')];
  const next = buttons[move(buttons.indexOf(event.target), buttons.length - 1)];
  if (next === undefined) return;
  for (const button of buttons) button.tabIndex = button === next ? 0 : -1;
  next.focus();
});
toolbar.addEventListener('focusin', (event) => {
  if (event.target instanceof HTMLButtonElement) describe(event.target);
});
toolbar.addEventListener('mouseover', (event) => {
  if (event.target instanceof HTMLButtonElement) describe(event.target);
});
