/** Twelve plain queries of Reuters-21578's subjects: the cheap load of bench/http.ts, bench/threads.ts and bench/thread-calls.ts. */
export const REUTERS_QUERIES: readonly string[] = [
  'oil prices',
  'cocoa exports brazil',
  'bank interest rate cut',
  'wheat',
  'trade deficit japan',
  'gold',
  'coffee quota talks',
  'dollar yen',
  'merger acquisition shares',
  'crude output opec',
  'grain shipments soviet union',
  'earnings per share',
];
