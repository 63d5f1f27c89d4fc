import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectionFormatError, parseSmartRecords, readJsonlDocuments, readTrecCollection } from '../../eval/collections.js';
import { FIXTURES } from '../helpers.js';

const dir = join(FIXTURES, 'eval');

describe('collection loaders', () => {
  it('reads JSON lines documents, TSV queries and TREC qrels with graded gains', () => {
    const collection = readTrecCollection('tiny', {
      docs: join(dir, 'docs.jsonl'),
      queries: join(dir, 'queries.tsv'),
      qrels: join(dir, 'qrels.txt'),
    });
    expect(collection.documents).toEqual([
      { id: 'd1', title: 'Wing flutter', body: 'a thin wing' },
      { id: '7', title: '', body: 'no title' },
    ]);
    expect(collection.queries).toEqual([
      { id: 'q1', text: 'wing flutter' },
      { id: 'q2', text: 'heat' },
    ]);
    expect(collection.qrels.get('q1')).toEqual(
      new Map([
        ['d1', 3],
        ['7', 0],
      ]),
    );
  });

  it('reads SMART records field by field, joining continued lines', () => {
    const records = parseSmartRecords(readFileSync(join(dir, 'smart.all'), 'utf8'));
    expect(records.get('1')?.get('T')?.trim()).toBe('wing flutter at high speed');
    expect(records.get('1')?.get('W')?.trim()).toBe('the flutter of a thin wing was measured in a wind tunnel');
    expect(records.get('2')?.get('W')?.trim()).toBe('conduction through composite slabs');
  });

  it('joins a SMART id broken over two lines, without replacing another record', () => {
    const records = parseSmartRecords(readFileSync(join(dir, 'smart.all'), 'utf8'));
    expect(records.get('309')?.get('T')?.trim()).toBe('an id broken over two lines');
    expect(records.has('30')).toBe(false);
    expect(records.get('2')?.get('T')?.trim()).toBe('heat transfer in slabs');
  });

  it('names the file and line of a record it cannot read', () => {
    expect(() => readJsonlDocuments(join(dir, 'queries.tsv'))).toThrow(CollectionFormatError);
    expect(() => readJsonlDocuments(join(dir, 'queries.tsv'))).toThrow(/queries\.tsv:1: not JSON/);
  });
});
