import type { ArticleFormat } from '../format.js';
import { parseStoryText } from '../story-text.js';

/** Plain-text stories as saved from news sites: see story-text.ts for the layout's rules. */
export const storyFormat: ArticleFormat = {
  name: 'story',
  extensions: ['.txt', '.text'],
  async *read(input) {
    const text = await input.text();
    if (typeof text !== 'string') {
      yield text;
      return;
    }
    const { title, body, date, rawDate, updated, author } = parseStoryText(text);
    yield {
      document: true,
      fields: {
        title,
        body,
        tags: [],
        ...(date === undefined ? {} : { date }),
        ...(rawDate === undefined ? {} : { rawDate }),
        ...(updated === undefined ? {} : { updated }),
        ...(author === undefined ? {} : { author }),
      },
    };
  },
};
