// @ts-check
// The pager: "11–20 of 48", then links (real ones: they open in a new tab, and the URL holds
// the page) to the first and last pages and those around the current one, an ellipsis for
// the pages left out.

/**
 * The pages to offer, in order, with 'gap' where pages are left out. A gap of a single page
 * shows that page instead: an ellipsis should save room, not hide one number.
 * @param {number} current @param {number} last
 * @returns {(number | 'gap')[]}
 */
export function pageList(current, last) {
  const wanted = [1, current - 1, current, current + 1, last].filter((page) => page >= 1 && page <= last);
  /** @type {(number | 'gap')[]} */
  const pages = [];
  let previous = 0;
  for (const page of [...new Set(wanted)].sort((a, b) => a - b)) {
    if (page - previous === 2) pages.push(previous + 1);
    else if (page - previous > 2) pages.push('gap');
    pages.push(page);
    previous = page;
  }
  return pages;
}

/** "11–20 of 48": the hits a page shows, out of all. @param {number} page @param {number} perPage @param {number} total */
export function rangeText(page, perPage, total) {
  const first = (page - 1) * perPage + 1;
  const last = Math.min(total, page * perPage);
  return `${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${total.toLocaleString('en')}`;
}

/**
 * Draws the pager into `nav`. `hrefOf` gives a page's URL; `open` is called for a plain click,
 * which the page handles itself (a click with a modifier opens the link as usual).
 * @param {HTMLElement} nav
 * @param {{ page: number, last: number, perPage: number, total: number }} at
 * @param {(page: number) => string} hrefOf
 * @param {(page: number) => void} open
 */
export function drawPager(nav, at, hrefOf, open) {
  nav.replaceChildren();
  // One page says all there is in the count above it.
  if (at.last <= 1) return;
  const range = document.createElement('p');
  range.className = 'range';
  range.textContent = rangeText(at.page, at.perPage, at.total);
  nav.append(range);
  const list = document.createElement('ul');
  /** @param {string} label @param {number} page @param {string} description */
  const link = (label, page, description) => {
    const anchor = document.createElement('a');
    anchor.href = hrefOf(page);
    anchor.textContent = label;
    anchor.setAttribute('aria-label', description);
    if (page === at.page) anchor.setAttribute('aria-current', 'page');
    anchor.addEventListener('click', (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      open(page);
    });
    const item = document.createElement('li');
    item.append(anchor);
    list.append(item);
  };
  if (at.page > 1) link('← Previous', at.page - 1, 'Previous page');
  for (const page of pageList(at.page, at.last)) {
    if (page === 'gap') {
      const gap = document.createElement('li');
      gap.className = 'gap';
      gap.textContent = '…';
      gap.setAttribute('aria-hidden', 'true');
      list.append(gap);
    } else link(String(page), page, `Page ${page}`);
  }
  if (at.page < at.last) link('Next →', at.page + 1, 'Next page');
  nav.append(list);
}
