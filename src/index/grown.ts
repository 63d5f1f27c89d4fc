type GrowableArray = Int8Array | Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

/** A copy of a typed array in a larger one of the same kind, the rest zero: what every growing column here does. */
export function grown<T extends GrowableArray>(array: T, capacity: number): T {
  const copy = new (array.constructor as new (length: number) => T)(capacity);
  copy.set(array);
  return copy;
}
