import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const EXPORTED = /^export (?:default )?(?:async )?(?:abstract )?(?:function\*?|class|const|let|interface|type|enum) (\w+)/;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

// The name declared on `line`, when it is exported and the lines above it end no /** … */ comment.
function undocumented(lines: readonly string[], at: number): string | undefined {
  const name = EXPORTED.exec(lines[at] as string)?.[1];
  if (name === undefined) return undefined;
  let above = at - 1;
  while (above >= 0 && (lines[above] as string).trim() === '') above--;
  if (!(lines[above] ?? '').trim().endsWith('*/')) return name;
  let start = above;
  while (start >= 0 && !(lines[start] as string).includes('/*')) start--;
  return (lines[start] ?? '').includes('/**') ? undefined : name;
}

describe('the exported names of src/', () => {
  it('each carry a doc comment (/** … */), which editors show where the name is used', () => {
    const missing = sourceFiles(SRC).flatMap((file) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      return lines.flatMap((_, at) => {
        const name = undocumented(lines, at);
        return name === undefined ? [] : [`src/${relative(SRC, file)}:${at + 1} ${name}`];
      });
    });
    expect(missing).toEqual([]);
  });
});
