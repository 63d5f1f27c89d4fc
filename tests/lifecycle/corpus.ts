import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../bench/random.js';

// A made-up vocabulary, small enough that queries match many articles and scores tie.
const WORDS =
  'harbour ferry storm council budget tram election vote river flood bridge school teacher strike grain port tariff bank rate museum festival drought farmer rail tunnel'.split(
    ' ',
  );

export { seededRandom };

export interface GeneratedRecord {
  id: string;
  title: string;
  body: string;
  date: string;
  tags: string[];
}

/** An article record whose words depend only on `seed`. */
export function record(id: string, seed: number): GeneratedRecord {
  const random = seededRandom(seed);
  const pick = () => WORDS[Math.floor(random() * WORDS.length)] ?? 'harbour';
  const sentence = (length: number) => Array.from({ length }, pick).join(' ');
  const day = 1 + Math.floor(random() * 28);
  return {
    id,
    title: sentence(4),
    body: `${sentence(12)}. ${sentence(20)}.`,
    date: `2021-0${1 + Math.floor(random() * 9)}-${String(day).padStart(2, '0')}T08:00:00Z`,
    tags: [pick()],
  };
}

/** Writes records as a JSON lines file. */
export async function writeJsonLines(path: string, records: GeneratedRecord[]): Promise<void> {
  await writeFile(path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

/** Writes a plain-text story (title line, date line, body). */
export async function writeStory(folder: string, name: string, seed: number): Promise<void> {
  await mkdir(folder, { recursive: true });
  const r = record(name, seed);
  await writeFile(join(folder, `${name}.txt`), `${r.title}\nPublished March 3rd, 2021 at 10:00 UTC\n\n${r.body}\n`);
}

/** Queries over the generated vocabulary. */
export const QUERIES = ['harbour', 'storm flood', 'council budget vote', 'tram rail tunnel', 'bank rate', 'festival', 'grain port tariff'];

const folders: string[] = [];

/**
 * A temporary folder that this test file removes itself (call `removeTemporaryFolders`
 * in afterAll). Not named gazette-test-*: the global teardown of a test run in another
 * checkout on the same machine removes those, even while these tests use them.
 */
export async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'gazette-lifecycle-'));
  folders.push(folder);
  return folder;
}

export async function removeTemporaryFolders(): Promise<void> {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
}
