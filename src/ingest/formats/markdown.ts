import { marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import type { ArticleFormat } from '../format.js';
import { htmlToText } from '../html-text.js';
import { articleFromRecord } from '../json-record.js';

// "---" alone on the first line, the YAML, "---" (or "...") alone on a line. Bounded by the file's size limit.
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Markdown with YAML front matter (title, date, author, tags, and any other names the
 * --map gives); the Markdown is reduced to plain text, paragraphs apart.
 */
export const markdownFormat: ArticleFormat = {
  name: 'markdown',
  extensions: ['.md', '.markdown', '.mdown', '.mkd'],
  sniff: (head) => FRONT_MATTER.test(head),
  async *read(input) {
    const text = await input.text();
    if (typeof text !== 'string') {
      yield text;
      return;
    }
    const match = FRONT_MATTER.exec(text);
    let meta: unknown = {};
    if (match !== null) {
      try {
        meta = parseYaml(match[1] ?? '') ?? {};
      } catch (error) {
        input.repaired(
          `front matter is not valid YAML (${(error as Error).message.split('\n')[0]}): read as Markdown without it; fix the YAML to keep its fields`,
        );
      }
    }
    const markdown = match === null ? text : text.slice(match[0].length);
    const found = articleFromRecord(typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? meta : {}, input.options.map);
    const fields = 'article' in found ? found.article : { title: '', body: '', tags: [] };
    let body = markdown;
    if (fields.title === '') {
      // No title in the front matter: the first top-level heading is the title.
      const heading = /^\s{0,3}#\s+(.{1,300})\r?\n/.exec(markdown);
      if (heading !== null) {
        fields.title = (heading[1] ?? '').replace(/\s#+\s*$/, '');
        body = markdown.slice(heading.index + heading[0].length);
      }
    }
    fields.body = htmlToText(marked.parse(body, { async: false, gfm: true }));
    yield { document: true, fields };
  },
};
