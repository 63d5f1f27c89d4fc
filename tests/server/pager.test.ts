import { describe, expect, it } from 'vitest';

// The page's own module, as the browser loads it: plain JavaScript, type-checked by tsconfig.page.json, so typed here by hand.
const PAGER = new URL('../../src/server/public/pager.js', import.meta.url).href;
const { pageList, rangeText } = (await import(PAGER)) as {
  pageList: (current: number, last: number) => (number | 'gap')[];
  rangeText: (page: number, perPage: number, total: number) => string;
};

describe("the search page's pager", () => {
  it('offers the first, last and neighbouring pages, with an ellipsis for those left out', () => {
    expect(pageList(1, 5)).toEqual([1, 2, 'gap', 5]);
    expect(pageList(5, 10)).toEqual([1, 'gap', 4, 5, 6, 'gap', 10]);
    expect(pageList(10, 10)).toEqual([1, 'gap', 9, 10]);
  });

  it('shows a single page left out instead of an ellipsis', () => {
    expect(pageList(4, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pageList(3, 7)).toEqual([1, 2, 3, 4, 'gap', 7]);
  });

  it('lists every page of a short result, and one page alone', () => {
    expect(pageList(2, 3)).toEqual([1, 2, 3]);
    expect(pageList(1, 1)).toEqual([1]);
  });

  it('says which hits a page shows out of all, the last page partly full', () => {
    expect(rangeText(2, 10, 48)).toBe('11–20 of 48');
    expect(rangeText(5, 10, 48)).toBe('41–48 of 48');
    expect(rangeText(1, 10, 12_345)).toBe('1–10 of 12,345');
  });
});
