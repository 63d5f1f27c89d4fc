import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { pick, seededRandom } from './random.js';

/** A benchmark article: what every engine indexes. */
export interface BenchArticle {
  id: string;
  title: string;
  body: string;
  date?: string;
}

/** Reads a JSON-lines corpus (id, title, body, date), skipping lines without text. */
export async function readCorpus(path: string, limit = Number.POSITIVE_INFINITY): Promise<BenchArticle[]> {
  const articles: BenchArticle[] = [];
  for await (const article of streamCorpus(path)) {
    if (articles.length >= limit) break;
    articles.push(article);
  }
  return articles;
}

/** The articles of a JSON-lines corpus one at a time, for builds whose memory must not include the corpus. */
export async function* streamCorpus(path: string): AsyncGenerator<BenchArticle> {
  const input = createReadStream(path, 'utf8');
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const record = JSON.parse(line) as Record<string, unknown>;
      const article: BenchArticle = { id: String(record.id), title: String(record.title ?? ''), body: String(record.body ?? '') };
      if (typeof record.date === 'string') article.date = record.date;
      if (article.title !== '' || article.body !== '') yield article;
    }
  } finally {
    // Closing the lines leaves the file being read to its end in the background (readCorpus with a
    // limit, on a 1M-article file, went on reading 800 MB beside the timings that followed).
    input.destroy();
  }
}

const FIRST_YEAR_MS = Date.UTC(1987, 0, 1);
const LAST_YEAR_MS = Date.UTC(2026, 11, 31);

/**
 * Writes `count` new articles assembled from the sentences and titles of `source`,
 * with dates spread uniformly over 1987–2026. Sentences are drawn with their
 * corpus frequencies, so the vocabulary's statistics (Zipf's law, document lengths)
 * stay those of real newswire. Deterministic for a given seed.
 */
export async function generateCorpus(source: readonly BenchArticle[], count: number, out: string, seed = 1987): Promise<void> {
  const random = seededRandom(seed);
  const sentences = source.flatMap((article) => splitSentences(article.body));
  const titles = source.map((article) => article.title).filter((title) => title !== '');
  const bodyLengths = source.map((article) => Math.max(1, splitSentences(article.body).length));
  await mkdir(dirname(out), { recursive: true });
  const stream = createWriteStream(out);
  for (let n = 0; n < count; n++) {
    const length = pick(random, bodyLengths);
    const body: string[] = [];
    for (let s = 0; s < length; s++) body.push(pick(random, sentences));
    const date = new Date(FIRST_YEAR_MS + random() * (LAST_YEAR_MS - FIRST_YEAR_MS)).toISOString();
    const line = `${JSON.stringify({ id: `g${n}`, title: pick(random, titles), body: body.join(' '), date })}\n`;
    if (!stream.write(line)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function splitSentences(body: string): string[] {
  return body
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s(?=[A-Z"])/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 20);
}
