import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layers of src/, from the faces down. A module may import its own layer's modules and
// those of layers below it, never above (CONVENTIONS.md, "Our layout"): the rule holds itself.
const LAYERS: [layer: string, paths: string[]][] = [
  ['cli', ['cli/']],
  ['server', ['server/']],
  ['public API', ['index.ts']],
  ['live index', ['live-index.ts']],
  ['search threads', ['threads/']],
  ['engine', ['engine.ts']],
  ['search', ['search/']],
  ['ranking', ['ranking/']],
  ['facets', ['facets/']],
  ['query', ['query/']],
  ['snippets', ['snippets/']],
  ['index', ['index/']],
  ['ingest', ['ingest/']],
  ['analysis', ['analysis/']],
  ['article', ['article.ts']],
  ['errors', ['errors.ts']],
];
// Edges that break the order today, each with what will remove it (none now).
const KNOWN_EXCEPTIONS = new Set<string>([]);
// What only the faces may load: an embedder of the library loads none of it.
const SERVER_PACKAGES = ['express', 'helmet', 'compression', 'pino', 'prom-client', 'zod', 'supertest'];

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function layerOf(path: string): number {
  const inSrc = relative(SRC, path).split('\\').join('/');
  const index = LAYERS.findIndex(([, paths]) =>
    paths.some((prefix) => (prefix.endsWith('/') ? inSrc.startsWith(prefix) : inSrc === prefix)),
  );
  if (index < 0) throw new Error(`src/${inSrc} is in no layer: add it to LAYERS`);
  return index;
}

function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => (match[1] ?? match[2]) as string,
  );
}

const files = sourceFiles(SRC);

describe('the direction of imports in src/', () => {
  it('goes from the faces down to the core, never up', () => {
    const upward: string[] = [];
    for (const file of files) {
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.')) continue;
        const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
        const edge = `${relative(SRC, file)} -> ${relative(SRC, target)}`;
        if (layerOf(target) < layerOf(file) && !KNOWN_EXCEPTIONS.has(edge)) upward.push(edge);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps the server and its packages out of the core: only src/server and src/cli load them', () => {
    const loaded: string[] = [];
    for (const file of files) {
      const inSrc = relative(SRC, file);
      if (inSrc.startsWith('server/') || inSrc.startsWith('cli/')) continue;
      for (const specifier of importsOf(file)) {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);
        if (SERVER_PACKAGES.includes(name)) loaded.push(`${inSrc} -> ${specifier}`);
      }
    }
    expect(loaded).toEqual([]);
  });

  // natural's root loads all of natural, database clients (mongoose, pg, redis) among them.
  it('imports natural only by its modules, never its root', () => {
    const rootImports = files.flatMap((file) =>
      importsOf(file)
        .filter(
          (specifier) => specifier === 'natural' || specifier === 'natural/lib/natural' || specifier === 'natural/lib/natural/index.js',
        )
        .map((specifier) => `${relative(SRC, file)} -> ${specifier}`),
    );
    expect(rootImports).toEqual([]);
  });

  it('knows every exception it allows to still exist', () => {
    const edges = new Set(
      files.flatMap((file) =>
        importsOf(file)
          .filter((specifier) => specifier.startsWith('.'))
          .map((specifier) => `${relative(SRC, file)} -> ${relative(SRC, resolve(dirname(file), specifier).replace(/\.js$/, '.ts'))}`),
      ),
    );
    expect([...KNOWN_EXCEPTIONS].filter((edge) => !edges.has(edge))).toEqual([]);
  });
});
