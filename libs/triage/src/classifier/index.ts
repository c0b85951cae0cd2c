export * from './classifier';
export * from './lexicon-classifier';
export * from './normalize';
