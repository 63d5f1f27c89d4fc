import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ArticleFormat } from '../format.js';
import { htmlToText, nestingDepth, nodeToText, strippedHtmlText, tagNestingDepth } from '../html-text.js';
import { type ArticleFields, articleFromRecord } from '../json-record.js';

type Page = ReturnType<typeof parseHTML>['document'];

// Readability's cost grows with the square of the nesting depth (4,000 levels take 24 s and
// overflow its stack); real article pages nest a few dozen deep. Deeper pages are read plainly.
const MAX_READABLE_DEPTH = 400;
// The DOM parser's cost also grows faster than the depth (200,000 levels take a minute).
// Chromium's parser stops nesting at 512; Gazette reads deeper pages as text, tags stripped.
const MAX_PARSE_DEPTH = 512;
const ARTICLE_TYPES = /^(?:NewsArticle|Article|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|Report|WebPage)$/;

/**
 * An article page saved from a site: the main text (not navigation, comments or
 * footers) found by Mozilla's Readability over a linkedom DOM; title, date, author
 * and tags from JSON-LD (schema.org NewsArticle), `<meta property="article:…">`,
 * `<time datetime>`, in that order of trust.
 */
export const htmlFormat: ArticleFormat = {
  name: 'html',
  extensions: ['.html', '.htm', '.xhtml'],
  sniff: (head) => /^\s*(?:<!--[\s\S]{0,2000}?-->\s*)?<(?:!doctype\s+html|html|head|body|article)[\s>]/i.test(head),
  async *read(input) {
    const text = await input.text();
    if (typeof text !== 'string') {
      yield text;
      return;
    }
    if (tagNestingDepth(text) > MAX_PARSE_DEPTH) {
      input.repaired(`elements nested more than ${MAX_PARSE_DEPTH} deep: read as text with the tags stripped`);
      yield { document: true, fields: { title: titleOf(text), body: strippedHtmlText(text), tags: [] } };
      return;
    }
    const { document } = parseHTML(text);
    const fields = pageMetadata(document);
    const readable = readableText(document);
    if (fields.title === '') fields.title = readable.title;
    if (fields.author === undefined && readable.byline !== '') fields.author = readable.byline;
    fields.body = readable.text;
    yield { document: true, fields };
  },
};

function titleOf(html: string): string {
  const title = /<title[^<>]*>([^<]*)</i.exec(html)?.[1];
  return title === undefined ? '' : htmlToText(title);
}

function pageMetadata(document: Page): ArticleFields {
  const linked = jsonLdArticle(document);
  const meta = (key: string) =>
    document.querySelector(`meta[property="${key}"], meta[name="${key}"], meta[itemprop="${key}"]`)?.getAttribute('content') ?? undefined;
  const metaAll = (key: string) =>
    [...document.querySelectorAll(`meta[property="${key}"], meta[name="${key}"]`)].map((element) => element.getAttribute('content') ?? '');
  const time = document.querySelector(
    'time[itemprop="datePublished"][datetime], time[pubdate][datetime], article time[datetime], time[datetime]',
  );
  const record: Record<string, unknown> = {
    title: meta('og:title') ?? meta('twitter:title') ?? document.querySelector('title')?.textContent ?? '',
    date:
      meta('article:published_time') ??
      meta('datePublished') ??
      meta('date') ??
      meta('pubdate') ??
      time?.getAttribute('datetime') ??
      undefined,
    updated: meta('article:modified_time') ?? meta('dateModified') ?? undefined,
    author: meta('author') ?? meta('article:author') ?? undefined,
    url: document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('og:url'),
    tags: [...metaAll('article:tag'), ...(meta('keywords') ?? '').split(',')].map((tag) => tag.trim()).filter(Boolean),
  };
  // JSON-LD is what the site publishes for search engines: trusted over the meta tags.
  for (const [key, value] of Object.entries(linked ?? {})) if (value !== undefined && value !== null && value !== '') record[key] = value;
  const found = articleFromRecord(record);
  return 'article' in found ? found.article : { title: '', body: '', tags: [] };
}

function jsonLdArticle(document: Page): Record<string, unknown> | undefined {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const article = findArticleNode(data);
    if (article !== undefined) {
      return {
        title: article.headline ?? article.name,
        date: article.datePublished ?? article.dateCreated,
        updated: article.dateModified,
        author: article.author,
        url: article.url ?? article.mainEntityOfPage,
        tags: article.keywords ?? article.articleSection,
      };
    }
  }
  return undefined;
}

function findArticleNode(data: unknown, depth = 0): Record<string, unknown> | undefined {
  if (depth > 4 || typeof data !== 'object' || data === null) return undefined;
  if (Array.isArray(data)) {
    for (const item of data) {
      const found = findArticleNode(item, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const node = data as Record<string, unknown>;
  const types = Array.isArray(node['@type']) ? node['@type'] : [node['@type']];
  if (types.some((type) => typeof type === 'string' && ARTICLE_TYPES.test(type) && type !== 'WebPage')) return node;
  return findArticleNode(node['@graph'], depth + 1);
}

function readableText(document: Page): { title: string; byline: string; text: string } {
  const fallbackTitle = document.querySelector('h1')?.textContent?.trim() ?? '';
  const body = document.body as unknown as Parameters<typeof nodeToText>[0];
  if (nestingDepth(body) <= MAX_READABLE_DEPTH) {
    try {
      // Readability changes the document it reads: metadata is taken before it runs.
      const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 100 }).parse();
      const text = article?.content ? htmlToText(article.content) : '';
      if (article !== null && text !== '')
        return { title: article.title?.trim() || fallbackTitle, byline: article.byline?.trim() ?? '', text };
    } catch {
      // A page Readability cannot handle still has a body: read it below.
    }
  }
  for (const chrome of document.querySelectorAll(
    'nav, header, footer, aside, form, [role="navigation"], [role="banner"], [role="contentinfo"]',
  ))
    chrome.remove();
  return { title: fallbackTitle, byline: '', text: nodeToText(body) };
}
