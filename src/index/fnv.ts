/**
 * FNV-1a, 32 bits: the hash of the tables that find a word form (term-id-reader.ts) or an id
 * (id-table.ts) by its code units or bytes, computed as they are scanned:
 * `hash = Math.imul(hash ^ unit, FNV_PRIME)` from FNV_OFFSET.
 */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;
