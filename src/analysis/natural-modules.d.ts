// natural ships types only for its package root, which we never import (it loads
// database clients and costs ~0.4 s). These declare the two modules we do use.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}

declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}

declare module 'natural/lib/natural/phonetics/double_metaphone.js' {
  /** Lawrence Philips' Double Metaphone: a word's primary and secondary phonetic keys. */
  class DoubleMetaphone {
    process(token: string): [primary: string, secondary: string];
  }
  export default DoubleMetaphone;
}
