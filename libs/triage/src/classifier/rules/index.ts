import { DE } from './de';
import { EN } from './en';
import { ES } from './es';
import { FR } from './fr';
import type { RuleLexicon } from './rule-lexicon';

export type { RuleLexicon } from './rule-lexicon';
export { RuleEngine } from './rule-engine';
export type { RuleAnalysis, RuleFinding } from './rule-engine';

/** Every language's rules; all run on every post, whatever language it declares. */
export const DEFAULT_RULE_LEXICONS: readonly RuleLexicon[] = [EN, DE, FR, ES];
