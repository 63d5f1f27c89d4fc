import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from './read.js';

// Hostile inputs are generated here rather than committed: random bytes and a 10 MB line do not belong in git.
// Not under the shared "gazette-test-" prefix: another run's teardown removes those while this one reads.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gazette-ingest-hostile-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

// Text as an old Windows editor saves it: one byte per character (Node has no Windows-1252 encoder).
const WINDOWS_1252_PUNCTUATION: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((character) => WINDOWS_1252_PUNCTUATION[character] ?? character.charCodeAt(0)));
}

describe('hostile and broken inputs', () => {
  it('rejects a 0-byte file as empty', async () => {
    const path = await file('nothing.txt', '');
    const { articles, report } = await readAll([path]);
    expect(articles).toEqual([]);
    expect(report.rejected).toEqual([{ path, kind: 'empty-file', reason: expect.stringContaining('empty file (0 bytes)') }]);
  });

  it('rejects random bytes as a binary file, whatever the file is called', async () => {
    const bytes = randomBytes(4096);
    const paths = [await file('noise.txt', bytes), await file('noise.jsonl', bytes), await file('noise', bytes)];
    const { articles, report } = await readAll(paths);
    expect(articles).toEqual([]);
    expect(report.rejected.map((problem) => problem.kind)).toEqual(['binary-file', 'binary-file', 'binary-file']);
  });

  it('reads a JSON line with invalid UTF-8 as Windows-1252 and reports the line', async () => {
    const line = Buffer.concat([
      Buffer.from('{"id": "latin", "title": "Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' prices", "body": "Up 5%."}\n'),
    ]);
    const path = await file('mixed.jsonl', Buffer.concat([Buffer.from('{"id": "ok", "title": "Fine", "body": "UTF-8 café."}\n'), line]));
    const { articles, report } = await readAll([path]);
    expect(articles.map((article) => article.title)).toEqual(['Fine', 'Café prices']);
    expect(report.repaired).toEqual([
      expect.objectContaining({ path, line: 2, kind: 'text-repaired', reason: expect.stringContaining('not valid UTF-8') }),
    ]);
  });

  it('keeps the Windows-1252 punctuation of a file saved by an old editor: ’ “ ” – € are not lost', async () => {
    const path = await file('quotes.txt', windows1252('Council’s “plan” – 5 € a ticket\n\nThe council’s plan costs 5 € a ticket.\n'));
    const { articles } = await readAll([path]);
    expect(articles.map((article) => [article.title, article.body])).toEqual([
      ['Council’s “plan” – 5 € a ticket', 'The council’s plan costs 5 € a ticket.'],
    ]);
  });

  it('reads Windows-1252 text dense with accented letters as text, not as a binary file', async () => {
    const title = 'Été à Genève';
    const body =
      'Des élèves côtoient déjà la forêt, où l’éclairage créé près du lac était très apprécié. Ça a été noté dès février, à côté du théâtre: “très réussi”, dit-on – 15 € l’entrée.';
    const record = (id: string) => `${JSON.stringify({ id, title, body })}\n`;
    const story = await file('geneve.txt', windows1252(`${title}\n\n${body}\n`));
    const lines = await file('geneve.jsonl', windows1252(record('g1')));
    // No extension: the format is sniffed from the content, after the binary check.
    const unnamed = await file('geneve-export', windows1252(record('g2') + record('g3')));
    const { articles, report } = await readAll([story, lines, unnamed], { duplicates: 'keep' });
    expect(report.rejected).toEqual([]);
    expect(articles.map((article) => [article.id, article.title, article.body])).toEqual([
      ['geneve', title, body],
      ['g1', title, body],
      ['g2', title, body],
      ['g3', title, body],
    ]);
    expect(report.repaired.map((problem) => [problem.path, problem.line, problem.kind])).toEqual([
      [story, undefined, 'invalid-utf8'],
      [lines, 1, 'text-repaired'],
      [unnamed, 1, 'text-repaired'],
      [unnamed, 2, 'text-repaired'],
    ]);
  });

  it('still rejects binary data without a NUL byte: random bytes, a deflate stream', async () => {
    const noise = randomBytes(8192).map((byte) => (byte === 0 ? 1 : byte));
    const deflated = deflateRawSync(randomBytes(4096).toString('base64')).map((byte) => (byte === 0 ? 1 : byte));
    const paths = [await file('noise-no-nul.txt', noise), await file('deflated.jsonl', deflated), await file('deflated', deflated)];
    const { articles, report } = await readAll(paths);
    expect(articles).toEqual([]);
    expect(report.rejected.map((problem) => problem.kind)).toEqual(['binary-file', 'binary-file', 'binary-file']);
  });

  it('reads a JSON line with a 10 MB body, and refuses one over the record limit without losing the next line', async () => {
    const body = 'word '.repeat(2 * 1024 * 1024);
    const path = await file(
      'huge.jsonl',
      `${JSON.stringify({ id: 'huge', title: 'Huge', body })}\n{"id": "after", "title": "After", "body": "Still read."}\n`,
    );
    const read = await readAll([path]);
    expect(read.articles.map((article) => article.id)).toEqual(['huge', 'after']);
    expect(read.articles[0]?.body.length).toBe(body.trim().length);
    const limited = await readAll([path], { maxRecordBytes: 1024 * 1024 });
    expect(limited.articles.map((article) => article.id)).toEqual(['after']);
    expect(limited.report.rejected).toEqual([
      { path, line: 1, kind: 'record-too-large', reason: expect.stringContaining('record too large') },
    ]);
  });

  it('rejects records with neither title nor body, each with its line, instead of indexing empty articles', async () => {
    const lines = await file(
      'empty-records.jsonl',
      `${'{}\n'.repeat(3)}{"id": "only-id", "date": "2021-03-04", "tags": ["port"]}\n{"id": "kept", "title": "Harbour reopens"}\n`,
    );
    const rows = await file('empty-rows.csv', 'id,title,body\nr1,,\nr2,Tram fares,\n');
    const { articles, report } = await readAll([lines, rows]);
    expect(articles.map((article) => article.id)).toEqual(['kept', 'r2']);
    expect(report.rejected.map((problem) => [problem.path, problem.line, problem.kind])).toEqual([
      [lines, 1, 'no-body'],
      [lines, 2, 'no-body'],
      [lines, 3, 'no-body'],
      [lines, 4, 'no-body'],
      [rows, 2, 'no-body'],
    ]);
    expect(report.rejected[0]?.reason).toMatch(/no title and no body/);
    expect(report.warnings.filter((warning) => warning.kind === 'no-body')).toEqual([]);
  });

  it('says a last line cut short is truncated JSON, and a broken line elsewhere invalid JSON', async () => {
    const path = await file(
      'cut.jsonl',
      '{"id": "a", "title": "A", "body": "x"\n{"id": "b", "title": "B", "body": "y"}\n{"id": "c", "title": "C", "bo',
    );
    const { articles, report } = await readAll([path]);
    expect(articles.map((article) => article.id)).toEqual(['b']);
    expect(report.rejected.map((problem) => [problem.line, problem.kind])).toEqual([
      [1, 'invalid-json'],
      [3, 'truncated-json'],
    ]);
  });

  it('keeps the rows around a stray quote in a CSV file, and rejects a row whose quote never closes', async () => {
    const path = await file(
      'broken.csv',
      'id,title,body\nq1,Fine,Good row\nq2,"Stray "quote" here,Body\nq3,Also fine,Another row\nq4,"Unclosed,Body never ends\n',
    );
    const { articles, report } = await readAll([path]);
    expect(articles.map((article) => article.id)).toEqual(['q1', 'q2', 'q3']);
    expect(report.rejected).toEqual([{ path, line: 5, kind: 'invalid-csv', reason: expect.stringContaining('Quote Not Closed') }]);
  });

  it('keeps a story dated "31 February", undated, with its raw date', async () => {
    const path = await file('leap.txt', 'Published February 31st, 2023 at 9:00 am GMT\n\nCouncil meets\n\nThe council met.\n');
    const { articles, report } = await readAll([path]);
    expect(articles[0]).toMatchObject({ title: 'Council meets', rawDate: 'February 31st, 2023 at 9:00 am GMT' });
    expect(articles[0]?.date).toBeUndefined();
    expect(report.warnings[0]).toMatchObject({ kind: 'unparseable-date', reason: expect.stringContaining('31st') });
  });

  it('refuses a whole-file article over the size limit, saying how to get it read', async () => {
    const path = await file('long.txt', `Long story\n\n${'A sentence. '.repeat(200_000)}\n`);
    const { report } = await readAll([path], { maxFileBytes: 1024 * 1024 });
    expect(report.rejected[0]).toMatchObject({ kind: 'file-too-large', reason: expect.stringContaining('--max-file-mb') });
  });

  it('keeps script text and inline handlers of an HTML page out of the article', async () => {
    const html = `<html><body><script>var leaked = "SCRIPT-SECRET";</script><article><h1>Safe title</h1>
      <p onmouseover="steal('HANDLER-SECRET')">A paragraph about the harbour that is long enough for an extractor to keep it as the article text.</p>
      <p><a href="javascript:alert('HREF-SECRET')">a link</a> and more text about the harbour and its ferries and cranes.</p>
      <noscript>NOSCRIPT-SECRET</noscript><style>.x{content:"STYLE-SECRET"}</style></article></body></html>`;
    const { articles } = await readAll([await file('hostile.html', html)]);
    const text = JSON.stringify(articles[0]);
    expect(articles[0]?.body).toContain('A paragraph about the harbour');
    expect(text).not.toMatch(/SECRET|steal|alert|leaked/);
  });

  it('reads gzip files of any format, streamed, and reports corrupt gzip data', async () => {
    const jsonl = '{"id": "g1", "title": "Zipped", "body": "Read through gunzip."}\n';
    const good = await file('wire.jsonl.gz', gzipSync(jsonl));
    const story = await file('story.txt.gz', gzipSync('Zipped story\n\nA story in a gzip file.\n'));
    const broken = await file('broken.jsonl.gz', gzipSync(jsonl.repeat(50)).subarray(0, 40));
    const { articles, report } = await readAll([good, story, broken]);
    expect(articles.map((article) => article.id)).toEqual(['g1', 'story']);
    expect(report.rejected).toEqual([
      expect.objectContaining({ path: broken, kind: 'unreadable', reason: expect.stringContaining('corrupt gzip') }),
    ]);
  });

  it('detects JSON lines, JSON, HTML and Markdown by content when the name says nothing, and obeys a forced format', async () => {
    const lines = await file(
      'export-1',
      '{"id": "n1", "title": "One", "body": "First."}\n{"id": "n2", "title": "Two", "body": "Second."}\n',
    );
    const page = await file(
      'saved-page',
      '<!doctype html><html><head><title>Saved</title></head><body><p>Saved page text.</p></body></html>',
    );
    const notes = await file('notes', '---\ntitle: Notes\n---\nSome notes.\n');
    const detected = await readAll([lines, page, notes]);
    expect(detected.articles.map((article) => article.title)).toEqual(['One', 'Two', 'Saved', 'Notes']);
    const csvAsText = await file('rows.txt', 'id,title,body\nr1,Row one,From a CSV named .txt\n');
    const forced = await readAll([csvAsText], { format: 'csv' });
    expect(forced.articles.map((article) => article.id)).toEqual(['r1']);
  });

  // root reads any file whatever its mode, so this can only be shown as another user.
  it.skipIf(process.getuid?.() === 0)('rejects a file it may not read, saying so', async () => {
    const { chmod } = await import('node:fs/promises');
    const path = await file('secret.jsonl', '{"id": "s", "title": "Secret", "body": "x"}\n');
    await chmod(path, 0o000);
    const { report } = await readAll([path]);
    expect(report.rejected).toEqual([{ path, kind: 'permission-denied', reason: expect.stringContaining('permission denied') }]);
  });

  it('skips a file in a format it does not read, saying which formats it reads', async () => {
    const path = await file('notes.sgm', 'just some text\n');
    const { report } = await readAll([path]);
    expect(report.skipped).toEqual([{ path, kind: 'unsupported-format', reason: expect.stringContaining('.jsonl') }]);
  });
});
