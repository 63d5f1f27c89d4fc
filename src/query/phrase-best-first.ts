import { ScoreHeap } from '../index/score-heap.js';
import { DocScores } from '../index/scores.js';
import type { SearchDeadline } from './deadline.js';
import type { PageFloor } from './max-score.js';

/**
 * The best k articles of a phrase searched alone, from the articles holding its words (scored,
 * not checked): the best-scored first, its word order checked one after another, until the
 * next can no longer reach the k-th that held it. Walked in article order, the threshold rose
 * only as articles passed the check, so a phrase whose words stand together in few of the
 * articles holding both ("fell may": 142 of 18,541 at a million) had most of them read word
 * by word. What is kept is what the walk keeps (MaxScoreWalk.best): every article holding the
 * phrase whose score reaches the final threshold, page floor included.
 */
export function phraseBestFirst(
  candidates: DocScores,
  holds: (doc: number) => boolean,
  k: number,
  allowed: ((doc: number) => boolean) | undefined,
  page: PageFloor | undefined,
  deadline: SearchDeadline,
): DocScores {
  const { docs, scores } = candidates;
  const order = new BestFirst(scores);
  const heap = new ScoreHeap(k);
  const pageHeap = page === undefined || page.size >= k ? undefined : new ScoreHeap(page.size);
  let threshold = Number.NEGATIVE_INFINITY;
  const kept: number[] = [];
  for (let at = order.pop(); at >= 0; at = order.pop()) {
    const score = scores[at] as number;
    if (score < threshold) break;
    deadline.step();
    const doc = docs[at] as number;
    if ((allowed !== undefined && !allowed(doc)) || !holds(doc)) continue;
    kept.push(at);
    heap.offer(score);
    threshold = heap.full ? heap.smallest : Number.NEGATIVE_INFINITY;
    if (pageHeap !== undefined) {
      pageHeap.offer(score);
      if (pageHeap.full) threshold = Math.max(threshold, (page as PageFloor).floor(pageHeap.smallest));
    }
  }
  kept.sort((a, b) => a - b);
  const found = kept.filter((at) => (scores[at] as number) >= threshold);
  return new DocScores(
    Int32Array.from(found, (at) => docs[at] as number),
    Float64Array.from(found, (at) => scores[at] as number),
  );
}

// The positions of a list of scores, largest score first, taken one at a time from a binary
// max-heap made in linear time: a phrase needs the first few of many.
class BestFirst {
  private readonly heap: Int32Array;
  private size: number;

  constructor(private readonly scores: Float64Array) {
    this.size = scores.length;
    this.heap = new Int32Array(this.size);
    for (let at = 0; at < this.size; at++) this.heap[at] = at;
    for (let at = (this.size >> 1) - 1; at >= 0; at--) this.down(at);
  }

  /** The position of the largest score left, or -1. */
  pop(): number {
    if (this.size === 0) return -1;
    const top = this.heap[0] as number;
    this.size -= 1;
    this.heap[0] = this.heap[this.size] as number;
    this.down(0);
    return top;
  }

  private down(from: number): void {
    const { heap, scores } = this;
    const moving = heap[from] as number;
    const score = scores[moving] as number;
    let at = from;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      const right = child + 1;
      if (right < this.size && (scores[heap[right] as number] as number) > (scores[heap[child] as number] as number)) child = right;
      if ((scores[heap[child] as number] as number) <= score) break;
      heap[at] = heap[child] as number;
      at = child;
    }
    heap[at] = moving;
  }
}
