/**
 * BM25, written once: Gazette's scores of titles and bodies, of authors and tags, the
 * proximity re-rank's pairs and the highlighter's term weights all come from here.
 * Gazette scores BM25+ (Lv and Zhai's lower bound `delta`, 0 by default).
 */

/** How rare a term is among `total` articles when `frequency` of them hold it (BM25's IDF, never negative). */
export function inverseDocumentFrequency(total: number, frequency: number): number {
  return Math.log(1 + (Math.max(1, total) - frequency + 0.5) / (frequency + 0.5));
}

/** BM25's length term of an article: k1·(1 − b + b·length/average). */
export function lengthNorm(k1: number, b: number, length: number, average: number): number {
  return k1 * (1 - b + (b * length) / average);
}

/** A term's score in an article: its IDF `weight` times its saturated `frequency` (norm from lengthNorm), plus delta. */
export function termScore(weight: number, frequency: number, norm: number, k1: number, delta: number): number {
  return weight * (delta + (frequency * (k1 + 1)) / (frequency + norm));
}
