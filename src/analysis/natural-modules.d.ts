// natural ships types only for its package root, which we never import (it loads
// database clients and costs ~0.4 s). These declare the two modules we do use.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}

declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}
