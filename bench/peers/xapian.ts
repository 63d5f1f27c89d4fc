import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type OwnProcessFigures, type PeerDocument, PeerUnavailableError, queryWords, type SelfMeasuringPeerEngine } from './types.js';

/**
 * Debian's Python, for which python3-xapian installs the module; a `python3` found first on
 * PATH (pyenv's, say) cannot import it. GAZETTE_XAPIAN_PYTHON points elsewhere.
 */
export const XAPIAN_PYTHON = process.env.GAZETTE_XAPIAN_PYTHON ?? '/usr/bin/python3';

const ADAPTER = fileURLToPath(new URL('./xapian_adapter.py', import.meta.url));

// Documents per request: big batches, so that the hand-over is a small part of the build.
const BATCH = 5000;

/** Why Xapian cannot run here (the module does not import), or undefined when it can. */
export function xapianMissing(python = XAPIAN_PYTHON): string | undefined {
  const probe = spawnSync(python, ['-c', 'import xapian'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${python} cannot be run (${probe.error.message})`;
  if (probe.status !== 0) return `${python} cannot import xapian: apt-get install -y python3-xapian`;
  return undefined;
}

/** One answer of the adapter; which fields are set depends on the request. */
interface Reply {
  ready?: string;
  unavailable?: string;
  error?: string;
  seconds?: number;
  diskBytes?: number;
  rssMb?: number;
  peakRssMb?: number;
  ids?: string[];
  ms?: number;
}

/**
 * Xapian 1.4 (Debian's python3-xapian), driven through bench/peers/xapian_adapter.py in a
 * Python process of its own, at the configuration its documentation gives for English:
 * TermGenerator and QueryParser with Stem("english") and STEM_SOME, OR between the words,
 * BM25Weight (its default), the title's words counted `titleWdf` times (the wdf increment
 * of index_text; default 2, as the other peers weight the title ×2), a Glass database on
 * disk under the OS temp directory. Search times, build time and memory are measured in
 * the Python process (see SelfMeasuringPeerEngine).
 */
export class XapianPeer implements SelfMeasuringPeerEngine {
  readonly name: string;
  private readonly python: string;
  private readonly titleWdf: number;
  private child: ChildProcessWithoutNullStreams | undefined;
  private lines: Interface | undefined;
  private pending: ((reply: Reply) => void)[] = [];
  private stderr = '';
  private exited: Promise<void> = Promise.resolve();
  private built: { buildSeconds: number; rssAfterBuildMb: number; diskMb: number } | undefined;

  constructor(options: { python?: string; titleWdf?: number } = {}) {
    this.python = options.python ?? XAPIAN_PYTHON;
    this.titleWdf = options.titleWdf ?? 2;
    this.name = this.titleWdf === 2 ? 'Xapian' : `Xapian (title wdf ×${this.titleWdf})`;
  }

  async build(documents: readonly PeerDocument[]): Promise<void> {
    await this.start();
    let buildSeconds = 0;
    for (let from = 0; from < documents.length; from += BATCH) {
      const batch = documents.slice(from, from + BATCH).map((doc) => [doc.id, doc.title, doc.body]);
      buildSeconds += (await this.request({ op: 'add', documents: batch })).seconds ?? 0;
    }
    const commit = await this.request({ op: 'commit' });
    buildSeconds += commit.seconds ?? 0;
    this.built = { buildSeconds, rssAfterBuildMb: commit.rssMb ?? 0, diskMb: (commit.diskBytes ?? 0) / (1024 * 1024) };
  }

  async search(query: string, k: number): Promise<string[]> {
    return (await this.timedSearch(query, k)).ids;
  }

  async timedSearch(query: string, k: number): Promise<{ ids: string[]; ms: number }> {
    if (this.built === undefined) throw new Error('XapianPeer: build() first');
    // Only words reach Xapian's query parser, as the other peers quote every word.
    const reply = await this.request({ op: 'search', query: queryWords(query).join(' '), k });
    return { ids: reply.ids ?? [], ms: reply.ms ?? 0 };
  }

  async figures(): Promise<OwnProcessFigures> {
    if (this.built === undefined) throw new Error('XapianPeer: build() first');
    const stats = await this.request({ op: 'stats' });
    return { process: 'its Python process', ...this.built, peakRssMb: stats.peakRssMb ?? 0 };
  }

  async close(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.child = undefined;
    // End of input: the adapter closes the database and removes its directory, then exits.
    child.stdin.end();
    await this.exited;
  }

  /** Starts the adapter and waits for its first line: ready, or why Xapian is missing. */
  private async start(): Promise<void> {
    const child = spawn(this.python, [ADAPTER, String(this.titleWdf)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    // A write to an adapter that has died fails on stdin; 'close' below reports it.
    child.stdin.on('error', () => {});
    this.lines = createInterface({ input: child.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(JSON.parse(line) as Reply));
    // Waiting for the first line before it can arrive, so that it is not dropped.
    const first = this.next();
    const spawned = new Promise<Error | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', (error) => resolve(error));
    });
    this.exited = new Promise((resolve) =>
      child.once('close', (code) => {
        this.failPending(code);
        resolve();
      }),
    );
    const error = await spawned;
    if (error !== undefined) {
      this.child = undefined;
      throw new PeerUnavailableError(`Xapian: ${this.python} cannot be run (${error.message}); install python3-xapian`);
    }
    const hello = await first;
    if (hello.error !== undefined) throw new Error(`Xapian adapter: ${hello.error}`);
    if (hello.unavailable !== undefined) {
      await this.close();
      throw new PeerUnavailableError(`Xapian: ${hello.unavailable}`);
    }
  }

  private request(message: object): Promise<Reply> {
    const child = this.child;
    if (child === undefined) return Promise.reject(new Error('XapianPeer: the adapter is not running'));
    const answered = this.next();
    child.stdin.write(`${JSON.stringify(message)}\n`);
    return answered.then((reply) => {
      if (reply.error !== undefined) throw new Error(`Xapian adapter: ${reply.error}`);
      return reply;
    });
  }

  private next(): Promise<Reply> {
    return new Promise((resolve) => this.pending.push(resolve));
  }

  // An adapter that dies answers every request still waiting with what it said on stderr.
  private failPending(code: number | null): void {
    const waiting = this.pending.splice(0);
    const why = this.stderr.trim().split('\n').slice(-3).join(' ') || `exited with code ${code}`;
    for (const resolve of waiting) resolve({ error: `the adapter process ended: ${why}` });
  }
}
