// Letters that Unicode does not decompose into a base letter plus a mark, so
// NFD alone cannot fold them ("Łukashenko" must find "Lukashenko").
const UNDECOMPOSABLE: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ð: 'd',
};
const UNDECOMPOSABLE_PATTERN = /[łøđħıßæœþð]/g;
const COMBINING_MARKS = /\p{M}+/gu;
const POSSESSIVE = /['’]s$/;
const APOSTROPHES = /['’]/g;

/**
 * Lower-cases a word, folds accents ("Café" -> "cafe") and drops a possessive
 * "'s" and inner apostrophes ("don't" -> "dont"), so that documents and queries
 * meet on the same form.
 */
export function normalizeWord(word: string): string {
  let folded = word.toLowerCase();
  if (!isAscii(folded)) {
    folded = folded
      .normalize('NFD')
      .replace(COMBINING_MARKS, '')
      .replace(UNDECOMPOSABLE_PATTERN, (letter) => UNDECOMPOSABLE[letter] ?? letter);
  }
  if (folded.includes("'") || folded.includes('’')) {
    folded = folded.replace(POSSESSIVE, '').replace(APOSTROPHES, '');
  }
  return folded;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return false;
  }
  return true;
}
