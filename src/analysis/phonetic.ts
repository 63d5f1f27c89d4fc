import DoubleMetaphone from 'natural/lib/natural/phonetics/double_metaphone.js';

const metaphone = new DoubleMetaphone();

/**
 * How a word sounds, as Double Metaphone keys (natural's): transliterations of one name
 * meet on them ("kyiv" and "kiev" are both KF; "gaddafi" and "qaddafi" KTF; "mohammed" and
 * "muhammad" MHMT). One key, or two when the word may sound two ways; none for a word
 * without a letter Double Metaphone reads.
 */
export function phoneticKeys(word: string): string[] {
  const [primary, secondary] = metaphone.process(word);
  const keys = primary === '' ? [] : [primary];
  if (secondary !== '' && secondary !== primary) keys.push(secondary);
  return keys;
}
