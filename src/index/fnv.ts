// FNV-1a, 32 bits: the hash of the tables that find a word form (term-id-reader.ts) or an id
// (id-table.ts) by its code units or bytes, computed as they are scanned.

/** Where an FNV-1a hash starts. */
export const FNV_OFFSET = 0x811c9dc5;
/** What each unit is folded in with: `hash = Math.imul(hash ^ unit, FNV_PRIME)`. */
export const FNV_PRIME = 0x01000193;
