import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { expect } from 'vitest';
import { SearchEngine } from '../../src/index.js';
import { createApp, type ServerOptions } from '../../src/server/app.js';

export const SAMPLE = fileURLToPath(new URL('../../index-data/articles/', import.meta.url));
const HOSTILE = fileURLToPath(new URL('../fixtures/stories/hostile-body.txt', import.meta.url));

/** The 48 bundled sample articles plus one whose body holds HTML. */
export async function sampleEngine(): Promise<SearchEngine> {
  const { engine, report } = await SearchEngine.fromFiles([SAMPLE, HOSTILE]);
  expect(report.rejected).toEqual([]);
  return engine;
}

/** An app whose logs go nowhere, so that test output stays readable. */
export function quietApp(source: Parameters<typeof createApp>[0], options: ServerOptions = {}) {
  return createApp(source, { logger: pino({ level: 'silent' }), ...options });
}
