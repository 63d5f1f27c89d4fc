// natural's Lancaster stemmer, compared with Porter by the ablation (eval/variants.ts).
declare module 'natural/lib/natural/stemmers/lancaster_stemmer.js' {
  const LancasterStemmer: { stem(token: string): string };
  export default LancasterStemmer;
}
