import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAgNewsHeadlines } from '../../eval/headline-collection.js';

// An AG's News split of our own making, as the file is laid out: class, title, description.
function agNewsOf(csv: string): ReturnType<typeof readAgNewsHeadlines> {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-ag-'));
  mkdirSync(join(dir, 'ag_news_csv'));
  writeFileSync(join(dir, 'ag_news_csv', 'test.csv'), csv);
  return readAgNewsHeadlines(dir);
}

describe('a known-item evaluation read from a CSV of titles and descriptions', () => {
  it('reads quoted commas, doubled quotes and CRLF lines, and asks no empty title', () => {
    const collection = agNewsOf(
      '"1","Port strike, day two (AP)","Dockers said ""no"" to the offer, again."\r\n' +
        '"2","","A description without a title."\r\n' +
        '"3","Port strike, day two","The same title, another wire."\n',
    );
    expect(collection.documents.map((document) => document.body)).toEqual([
      'Dockers said "no" to the offer, again.',
      'A description without a title.',
      'The same title, another wire.',
    ]);
    expect(collection.queries).toEqual([{ id: 'ag-1', text: 'Port strike, day two' }]);
    expect([...(collection.qrels.get('ag-1')?.keys() ?? [])]).toEqual(['ag-1', 'ag-3']);
  });

  it('strips markup and undoes entities, so that no engine is handed a tag', () => {
    const collection = agNewsOf('"4","Fares rise #36;2","Fares &lt;b&gt;rose&lt;/b&gt; to #36;2\\<script>x</script> today #39;s"\n');
    expect(collection.queries[0]?.text).toBe('Fares rise $2');
    expect(collection.documents[0]?.body).toBe("Fares rose to $2 x today 's");
  });

  it('reads an empty file as an empty collection', () => {
    const collection = agNewsOf('');
    expect([collection.documents.length, collection.queries.length]).toEqual([0, 0]);
  });
});
