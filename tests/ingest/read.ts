import { type Article, emptyReport, type IngestOptions, readArticles } from '../../src/index.js';

/** Reads every article of the inputs, with the report. */
export async function readAll(inputs: string[], options: IngestOptions = {}) {
  const report = emptyReport();
  const articles: Article[] = [];
  for await (const article of readArticles(inputs, report, options)) articles.push(article);
  return { articles, report };
}
