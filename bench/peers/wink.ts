import { createRequire } from 'node:module';
import type { PeerDocument, PeerEngine } from './types.js';

// Both packages are CommonJS without types.
const require = createRequire(import.meta.url);

type Task = (input: unknown) => unknown;
interface WinkBm25 {
  defineConfig(config: { fldWeights: Record<string, number> }): boolean;
  definePrepTasks(tasks: Task[]): number;
  addDoc(doc: Record<string, string>, id: string): number;
  consolidate(): boolean;
  search(text: string, limit: number): [string, number][];
}
interface WinkNlpUtils {
  string: { lowerCase: Task; tokenize0: Task };
  tokens: { removeWords: Task; stem: Task; propagateNegations: Task };
}

/** Field weights of wink's BM25F (its `fldWeights`). */
export interface WinkFieldWeights {
  title: number;
  body: number;
}

/**
 * wink-bm25-text-search (BM25F, its default k1 1.2, b 0.75) with the preparation
 * pipeline of its README: lower-case, tokenize, drop stop words, Porter-stem
 * (wink-nlp-utils), negations; the fields weighted by `weights` (default title ×2).
 */
export class WinkBm25Peer implements PeerEngine {
  readonly name: string;
  private readonly weights: WinkFieldWeights;
  private engine: WinkBm25 | undefined;

  constructor(options: { weights?: WinkFieldWeights } = {}) {
    this.weights = options.weights ?? { title: 2, body: 1 };
    const { title, body } = this.weights;
    const weighting = title === 2 && body === 1 ? '' : `, title ${title} body ${body}`;
    this.name = `wink-bm25 (Porter${weighting})`;
  }

  async build(documents: readonly PeerDocument[]): Promise<void> {
    const bm25 = require('wink-bm25-text-search') as () => WinkBm25;
    const nlp = require('wink-nlp-utils') as WinkNlpUtils;
    const engine = bm25();
    engine.defineConfig({ fldWeights: { ...this.weights } });
    engine.definePrepTasks([
      nlp.string.lowerCase,
      nlp.string.tokenize0,
      nlp.tokens.removeWords,
      nlp.tokens.stem,
      nlp.tokens.propagateNegations,
    ]);
    for (const doc of documents) engine.addDoc({ title: doc.title, body: doc.body }, doc.id);
    engine.consolidate();
    this.engine = engine;
  }

  async search(query: string, k: number): Promise<string[]> {
    if (this.engine === undefined) throw new Error('WinkBm25Peer: build() first');
    return this.engine.search(query, k).map(([id]) => String(id));
  }
}
