export * from './classifier';
export * from './lexicon-classifier';
export * from './normalize';
export * from './detection-text';
export * from './incitement-detector';
export { LinearModel, DIMENSIONS } from './model';
export type { ModelFile, ModelThresholds } from './model';
export { DEFAULT_RULE_LEXICONS, RuleEngine } from './rules';
export type { RuleAnalysis, RuleFinding, RuleLexicon } from './rules';
