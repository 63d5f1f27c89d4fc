import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdTable } from '../../src/index/id-table.js';
import { encodeIds } from '../../src/index/store-files.js';

// Ids as users write them: plain, with quotes, backslashes, accents, emoji, or spelled like JSON.
const ids = fc.oneof(
  fc.constantFrom('a', 'b', 'null', '"null"', '', 'é', 'e\u0301', 'tab\there', 'back\\slash', 'new\nline', '😀', 'a"b'),
  fc.string({ maxLength: 6, unit: 'binary' }),
);

type Op = { put: string } | { remove: string } | { hole: true };
const ops = fc.array(
  fc.oneof(
    ids.map((id): Op => ({ put: id })),
    ids.map((id): Op => ({ remove: id })),
    fc.constant<Op>({ hole: true }),
  ),
  { maxLength: 40 },
);

// What the store does with a write: an id already there loses its number and gets a new one.
function apply(table: IdTable, reference: (string | null)[], op: Op): void {
  if ('hole' in op) {
    table.push(null);
    reference.push(null);
    return;
  }
  const id = 'put' in op ? op.put : op.remove;
  const doc = reference.indexOf(id);
  expect(table.numberOf(id)).toBe(doc < 0 ? undefined : doc);
  if (doc >= 0) {
    table.remove(doc);
    reference[doc] = null;
  }
  if ('put' in op) {
    expect(table.push(id)).toBe(reference.length);
    reference.push(id);
  }
}

describe('the ids of an opened index', () => {
  it('are found, read by number, added, removed and saved as a list of every number would have them', () => {
    fc.assert(
      fc.property(ops, ops, fc.boolean(), (before, after, warmed) => {
        const built = new IdTable();
        const reference: (string | null)[] = [];
        for (const op of before) apply(built, reference, op);
        expect(built.encode()).toEqual(encodeIds(reference));

        const opened = new IdTable(built.encode(), reference.length);
        // Warmed as a writer's engine is (its lookup table made before any id is asked for), or not.
        if (warmed) opened.warm(true);
        // Read by number before any id is looked up (a page of hits), and after writes.
        for (const [doc, id] of reference.entries()) expect(opened.idOf(doc)).toBe(id ?? undefined);
        for (const op of after) apply(opened, reference, op);
        for (const [doc, id] of reference.entries()) expect(opened.idOf(doc)).toBe(id ?? undefined);
        expect(opened.idOf(reference.length)).toBeUndefined();
        expect(opened.count).toBe(reference.length);
        expect([...opened.liveIds()]).toEqual(reference.filter((id) => id !== null));
        for (const [doc, id] of reference.entries()) if (id !== null) expect(opened.numberOf(id)).toBe(doc);
        expect(opened.encode()).toEqual(encodeIds(reference));
      }),
      { numRuns: 300 },
    );
  });

  it('are not looked in until an id is asked for, and then say when the file does not hold one id per article', () => {
    const saved = encodeIds(['a', null, 'b']);
    expect(() => new IdTable(saved, 4)).not.toThrow();
    expect(() => new IdTable(saved, 4).numberOf('a')).toThrow('ids.jsonl holds 3 ids, not 4');
    expect(() => new IdTable(saved, 2).numberOf('a')).toThrow('ids.jsonl holds more than 2 ids');
    expect(() => new IdTable(saved.subarray(0, saved.length - 1), 3).numberOf('a')).toThrow('ids.jsonl holds 2 whole ids, not 3');
    expect(new IdTable(saved, 3).numberOf('b')).toBe(2);
    // Nor are they saved again as they are.
    expect(() => new IdTable(saved, 4).encode()).toThrow('ids.jsonl holds 3 ids, not 4');
  });

  it('find every one of many, and none that is not there', () => {
    const many = Array.from({ length: 50_000 }, (_, doc) => `article-${doc * 7}`);
    const table = new IdTable(encodeIds(many), many.length);
    for (let doc = 0; doc < many.length; doc += 97) expect(table.numberOf(many[doc] as string)).toBe(doc);
    expect(table.numberOf('article-1')).toBeUndefined();
    expect(table.numberOf('article-350000')).toBeUndefined();
  });
});
