import { describe, expect, it } from 'vitest';
import { familyOf, PEER_CONFIGURATIONS } from '../../bench/peers/configurations.js';
import { allEngines } from '../../bench/peers/index.js';

describe('the peers of the evaluation', () => {
  it('runs every peer stock, each configuration with its reason and a name of its own', () => {
    const families = new Set(PEER_CONFIGURATIONS.map((configuration) => configuration.family));
    for (const family of families) {
      const kinds = PEER_CONFIGURATIONS.filter((configuration) => configuration.family === family).map((c) => c.kind);
      expect(kinds, family).toContain('stock');
    }
    for (const configuration of PEER_CONFIGURATIONS) expect(configuration.reason.length).toBeGreaterThan(20);
    const names = allEngines().map((engine) => engine.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('knows the family of each configuration by its name, and none for Gazette', () => {
    expect(familyOf('Lunr')).toBe('Lunr');
    expect(familyOf('Lunr (title ×2)')).toBe('Lunr');
    expect(familyOf('SQLite FTS5')).toBe('SQLite FTS5');
    expect(familyOf('Gazette')).toBeUndefined();
  });
});
