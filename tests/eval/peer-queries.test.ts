import { describe, expect, it } from 'vitest';
import { GazettePeer } from '../../bench/peers/gazette.js';
import { LunrPeer } from '../../bench/peers/lunr.js';
import { queryWords } from '../../bench/peers/types.js';

const documents = [
  { id: 'snooker', title: '', body: "Ronnie O'Sullivan hailed the Italian players after the final" },
  { id: 'street', title: '', body: 'Sullivan Street was closed for the parade' },
];

describe('queries as the peers are given them', () => {
  it('keeps a word with an apostrophe inside whole for the engines whose index holds it whole', () => {
    expect(queryWords("O'Sullivan won't 'run'")).toEqual(['O', 'Sullivan', 'won', 't', 'run']);
    expect(queryWords("O'Sullivan won’t 'run'", { apostrophes: 'inside' })).toEqual(["O'Sullivan", 'won’t', 'run']);
  });

  it("finds O'Sullivan by his name in Gazette and in Lunr", async () => {
    for (const peer of [new GazettePeer(), new LunrPeer()]) {
      await peer.build(documents);
      expect(await peer.search("O'Sullivan hails the Italian players", 10), peer.name).toContain('snooker');
      expect((await peer.search("O'Sullivan", 10))[0], peer.name).toBe('snooker');
    }
  });
});
