import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { type Analyzer, STEMMER_MODULE } from '../analysis/analyzer.js';
import { grown } from './grown.js';

/** When a build hands stemming to a thread of its own: past this many word forms to stem (a setting, so that tests reach it). */
export const STEMMING_THREAD = { afterForms: 4096, batch: 2048 };

// The stemming thread: natural's Porter stemmer over each batch of words, answered in order.
const STEMMER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const stemmer = require(workerData.stemmer);
parentPort.on('message', (words) => parentPort.postMessage(words.map((word) => stemmer.stem(word))));
`;

/**
 * The word forms of a build, read before their terms are known, so that natural's Porter
 * stemmer (a third of building 21,578 articles) runs on another core while this one reads the
 * articles. Each new normalised word (Analyzer.indexForm) gets a provisional id, -(n + 2) for
 * the n-th, which the forward index records; `settle` waits for the stems, gives the forms'
 * terms their ids in the order the forms came (so that every term id is the one reading them
 * in turn would have given), and returns the table from provisional ids to term ids.
 */
export class DeferredTerms {
  private readonly formIds = new Map<string, number>();
  private readonly forms: string[] = [];
  // By form: its term once stemmed (or when it needs no stemming), and its term id once settled.
  private readonly terms: (string | undefined)[] = [];
  private termIds = new Int32Array(1024);
  private settled = 0;
  // Forms to stem not yet sent to the thread; the batches sent and not answered, in the order
  // sent (the thread answers in order); what settle waits for.
  private queued: number[] = [];
  private readonly unanswered: { forms: number[]; answer: () => void }[] = [];
  private answers: Promise<void>[] = [];
  private worker: Worker | undefined;
  // No thread any more (it failed, ended, or was closed): what is left is stemmed in settle.
  private failed = false;

  constructor(private readonly analyzer: Analyzer) {}

  /** The provisional id of a normalised word, a new one if it was not seen. */
  idOf(form: string): number {
    let id = this.formIds.get(form);
    if (id === undefined) {
      id = this.forms.length;
      this.formIds.set(form, id);
      this.forms.push(form);
      this.terms.push(this.analyzer.stems(form) ? undefined : form);
      if (this.terms[id] === undefined) this.queue(id);
    }
    return -(id + 2);
  }

  /**
   * Every form seen so far with its term's id (`idOf`, which gives new terms theirs), as a table:
   * provisional id `p` is term id `table[-p - 2]`.
   */
  async settle(idOf: (term: string) => number): Promise<Int32Array> {
    this.send();
    await Promise.all(this.answers);
    this.answers = [];
    if (this.termIds.length < this.forms.length) this.termIds = grown(this.termIds, Math.max(this.forms.length, 2 * this.termIds.length));
    for (let form = this.settled; form < this.forms.length; form++) {
      // Stemmed here when the thread failed, or for the few forms of a small build.
      const term = this.terms[form] ?? this.analyzer.termOfForm(this.forms[form] as string);
      this.termIds[form] = idOf(term);
    }
    this.settled = this.forms.length;
    return this.termIds;
  }

  /** Ends the stemming thread; forms not stemmed yet are stemmed here when settled. */
  close(): void {
    this.failed = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private queue(form: number): void {
    this.queued.push(form);
    if (this.queued.length >= STEMMING_THREAD.batch && this.forms.length >= STEMMING_THREAD.afterForms) this.send();
  }

  // Sends the queued forms to the thread (started the first time); a small build's stay queued and are stemmed when settled.
  private send(): void {
    if (this.queued.length === 0 || this.failed || this.forms.length < STEMMING_THREAD.afterForms) return;
    const worker = this.thread();
    if (worker === undefined) return;
    const forms = this.queued;
    this.queued = [];
    // Held while it owes answers (a build awaiting them has nothing else keeping the process up), let go after.
    worker.ref();
    this.answers.push(new Promise<void>((answer) => this.unanswered.push({ forms, answer })));
    worker.postMessage(forms.map((form) => this.forms[form]));
  }

  private answered(stems: string[]): void {
    const batch = this.unanswered.shift();
    if (batch === undefined) return;
    stems.forEach((stem, at) => {
      this.terms[batch.forms[at] as number] = stem;
    });
    batch.answer();
    if (this.unanswered.length === 0) this.worker?.unref();
  }

  // A thread that fails or ends leaves the forms it did not answer to be stemmed here (settle).
  private lost(): void {
    this.failed = true;
    for (const batch of this.unanswered.splice(0)) batch.answer();
  }

  // The stemming thread, started the first time; undefined when none can be (the forms are then stemmed here).
  private thread(): Worker | undefined {
    if (this.worker === undefined) {
      try {
        const stemmer = createRequire(import.meta.url).resolve(STEMMER_MODULE);
        this.worker = new Worker(STEMMER_SCRIPT, { eval: true, workerData: { stemmer } });
      } catch {
        this.failed = true;
        return undefined;
      }
      this.worker.on('message', (stems: string[]) => this.answered(stems));
      this.worker.on('error', () => this.lost());
      this.worker.on('exit', () => this.lost());
    }
    return this.worker;
  }
}
