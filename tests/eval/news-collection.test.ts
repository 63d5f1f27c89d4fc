import { describe, expect, it } from 'vitest';
import { NAMED_COLLECTIONS } from '../../eval/collections.js';
import { MIN_STORIES } from '../../eval/news-collection.js';
import { SHARED_MISSING_MESSAGE, SHARED_PRESENT } from '../helpers.js';

if (!SHARED_PRESENT) console.warn(SHARED_MISSING_MESSAGE);

describe.skipIf(!SHARED_PRESENT)('the news evaluation built from Reuters-21578 topics', () => {
  const collection = SHARED_PRESENT ? NAMED_COLLECTIONS.reuters() : undefined;

  it('judges the stories that carry a topic, one query per topic with enough stories', () => {
    expect(collection?.documents).toHaveLength(11_367);
    expect(collection?.queries).toHaveLength(78);
    for (const query of collection?.queries ?? []) {
      expect(collection?.qrels.get(query.id)?.size ?? 0, query.id).toBeGreaterThanOrEqual(MIN_STORIES);
    }
  });

  it("asks for a topic by its name in the category list, or by its code's words spelled out", () => {
    const text = (id: string) => collection?.queries.find((query) => query.id === id)?.text;
    expect(text('crude')).toBe('Crude Oil');
    expect(text('money-fx')).toBe('Money/Foreign Exchange');
    expect(text('f-cattle') ?? text('l-cattle')).toMatch(/cattle/);
    expect(text('iron-steel')).toBe('iron steel');
  });
});
