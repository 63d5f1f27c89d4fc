import Database from 'better-sqlite3';
import { type PeerDocument, type PeerEngine, queryWords } from './types.js';

/**
 * SQLite FTS5 (better-sqlite3, in memory) with `tokenize='porter unicode61'`, ranked by
 * `bm25()` with the title weighted `titleWeight` times the body (default 2). A free-text query becomes an OR of its words,
 * each quoted so that FTS5's query syntax (AND, NOT, NEAR, `*`, `:`) never applies.
 */
export class SqliteFts5Peer implements PeerEngine {
  readonly name: string;
  private readonly titleWeight: number;
  private db: Database.Database | undefined;
  private statement: Database.Statement<[string, number], { id: string }> | undefined;

  constructor(options: { titleWeight?: number } = {}) {
    this.titleWeight = options.titleWeight ?? 2;
    this.name = this.titleWeight === 2 ? 'SQLite FTS5' : `SQLite FTS5 (title ×${this.titleWeight})`;
  }

  async build(documents: readonly PeerDocument[]): Promise<void> {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61')");
    const insert = db.prepare('INSERT INTO docs (id, title, body) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const doc of documents) insert.run(doc.id, doc.title, doc.body);
    })();
    // bm25() weights follow the column order: id (unindexed), title, body.
    const weight = Number(this.titleWeight).toFixed(3);
    this.statement = db.prepare(`SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0.0, ${weight}, 1.0) LIMIT ?`);
    this.db = db;
  }

  async search(query: string, k: number): Promise<string[]> {
    if (this.statement === undefined) throw new Error('SqliteFts5Peer: build() first');
    const words = queryWords(query);
    if (words.length === 0) return [];
    const match = words.map((word) => `"${word}"`).join(' OR ');
    return this.statement.all(match, k).map((row) => row.id);
  }

  /** Frees the database. */
  close(): void {
    this.db?.close();
  }
}
