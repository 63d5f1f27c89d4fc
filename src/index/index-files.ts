import { Analyzer, type AnalyzerSettings } from '../analysis/analyzer.js';
import { IndexCorruptError } from '../errors.js';
import type { SourceSummary } from '../ingest/source-summary.js';
import { DocumentStore } from './document-store.js';
import { int32FromBytes, int32ToBytes } from './int32-bytes.js';
import { type Manifest, readIndexVersion, writeIndexVersion } from './persistence.js';
import { TextIndex } from './text-index.js';

/**
 * The files of one index version, and what turns them into the parts of an index and back.
 * persistence.ts writes and verifies a version's files whatever they hold; this module
 * knows what they hold (the index format of persistence.ts's FORMAT_VERSION):
 *
 *     articles.jsonl      the articles, one JSON line each (document-store.ts)
 *     columns.json        their filter and facet columns: dates, authors, tags, sources
 *     text-index.json     the title weight, and the terms of authors and tags
 *     label-postings.bin  their postings (label-index.ts)
 *     forward.bin         titles and bodies as term ids with word offsets (forward-index.ts)
 *     vocabulary.txt      the forward index's terms, by id
 *     postings.bin        the forward index inverted (inverted-text.ts)
 */
const FILES = {
  articles: 'articles.jsonl',
  columns: 'columns.json',
  textIndex: 'text-index.json',
  postings: 'postings.bin',
  labelPostings: 'label-postings.bin',
  forward: 'forward.bin',
  vocabulary: 'vocabulary.txt',
} as const;

/** The Gazette version written into every manifest. */
export const GAZETTE_VERSION = '0.1.0';

/** What a manifest records about the index beside its files. */
export interface IndexMeta {
  gazetteVersion: string;
  analyzer: AnalyzerSettings;
  articleCount: number;
  /** The input files the index was built from, for incremental rebuilds; absent for indexes built from objects. */
  sources?: SourceSummary;
}

/** The parts of an index in memory. */
export interface IndexParts {
  analyzer: Analyzer;
  store: DocumentStore;
  textIndex: TextIndex;
}

// text-index.json: the title weight and the terms of authors and tags, whose postings are label-postings.bin.
interface TextIndexFile {
  titleWeight: number;
  labels: { terms: string[] };
}

/** Reads the live version at `directory`, verified, into the parts of an index. Throws IndexNotFoundError or IndexCorruptError. */
export async function loadIndexFiles(directory: string): Promise<IndexParts & { manifest: Manifest<IndexMeta> }> {
  const { manifest, files } = await readIndexVersion<IndexMeta>(directory);
  const file = (name: string) => files[name] ?? Buffer.alloc(0);
  const analyzer = new Analyzer(manifest.meta.analyzer);
  try {
    const store = DocumentStore.fromSerialized({ articles: file(FILES.articles), columns: file(FILES.columns).toString('utf8') });
    const { titleWeight, labels } = JSON.parse(file(FILES.textIndex).toString('utf8')) as TextIndexFile;
    const textIndex = TextIndex.fromSerialized(
      {
        titleWeight,
        labels: { terms: labels.terms, stream: int32FromBytes(file(FILES.labelPostings)) },
        postings: file(FILES.postings),
        forward: { records: file(FILES.forward), vocabulary: file(FILES.vocabulary) },
      },
      analyzer,
    );
    return { analyzer, store, textIndex, manifest };
  } catch (error) {
    throw new IndexCorruptError(directory, `cannot be loaded (${(error as Error).message})`);
  }
}

/** Writes the parts of an index as a new version at `directory` and makes it live; returns the version's name. */
export function saveIndexFiles(directory: string, parts: IndexParts, sources: SourceSummary | undefined): Promise<string> {
  const { analyzer, store, textIndex } = parts;
  const meta: IndexMeta = { gazetteVersion: GAZETTE_VERSION, analyzer: analyzer.settings, articleCount: store.size };
  if (sources !== undefined) meta.sources = sources;
  const { titleWeight, labels, postings, forward } = textIndex.serialize();
  const stored = store.serialize();
  const textIndexFile: TextIndexFile = { titleWeight, labels: { terms: labels.terms } };
  const files = {
    [FILES.articles]: stored.articles,
    [FILES.columns]: stored.columns,
    [FILES.textIndex]: JSON.stringify(textIndexFile),
    [FILES.postings]: postings,
    [FILES.labelPostings]: int32ToBytes(labels.stream),
    [FILES.forward]: forward.records,
    [FILES.vocabulary]: forward.vocabulary,
  };
  return writeIndexVersion(directory, files, meta);
}
