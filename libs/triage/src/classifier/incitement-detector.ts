import defaultModel from './model/incitement-v1.json';
import { FLAG_INCITEMENT } from './classifier';
import type { Classifier, ClassifierInput, SignalMatch, Signals } from './classifier';
import { PreparedText, prepareText } from './detection-text';
import { LinearModel, ModelFile, featurise } from './model';
import { DEFAULT_RULE_LEXICONS } from './rules';
import { RuleAnalysis, RuleEngine } from './rules/rule-engine';
import type { RuleLexicon } from './rules/rule-lexicon';

/** Everything the detector worked out about one post, for the signals and for evaluation. */
export interface Detection {
  flagged: boolean;
  /**
   * Why: 'rules' (a strong rule the model did not overrule), 'rules+model' (the model's threshold, with a weak rule's
   * finding as evidence), 'model' (the model's threshold, no rule), or null.
   */
  decidedBy: 'rules' | 'rules+model' | 'model' | null;
  score: number;
  analysis: RuleAnalysis;
  prepared: PreparedText;
}

const MODEL_TERMS = 3;

/**
 * The built-in incitement detector: structural rules (a violent act aimed at a target in a calling frame, coded
 * language, slogans, calls to arms; negative frames for reporting, condemnation, sport, games, cooking, hunting,
 * fiction, history) and a linear model over n-grams and that structure. A post is flagged when a strong rule fires
 * and the model's score reaches `thresholds.rule` (the model may overrule a rule, never silently: the signals name
 * it), or when the score reaches `thresholds.model`. The thresholds were chosen on out-of-fold scores of posts
 * written apart from the rules (see scripts/classifier/train.ts).
 *
 * Deterministic and synchronous; any string (empty, emoji only, 1 MB, binary-looking) gets a result.
 */
export class IncitementDetector implements Classifier {
  readonly name: string;
  readonly model: LinearModel;
  private readonly rules: RuleEngine;

  constructor(model: ModelFile = defaultModel as ModelFile, lexicons: readonly RuleLexicon[] = DEFAULT_RULE_LEXICONS) {
    this.model = new LinearModel(model);
    this.rules = new RuleEngine(lexicons);
    this.name = model.version;
  }

  detect(text: string): Detection {
    const prepared = prepareText(typeof text === 'string' ? text : '');
    const analysis = this.rules.analyse(prepared);
    if (prepared.tokens.length === 0) return { flagged: false, decidedBy: null, score: 0, analysis, prepared };
    const score = this.model.score(featurise(prepared, analysis.features));
    const { model, rule } = this.model.thresholds;
    const strong = analysis.findings.some((f) => f.strength === 'strong');
    const weakHit = analysis.findings.some((f) => f.strength === 'weak');
    const decidedBy = strong && score >= rule ? 'rules' : score >= model ? (weakHit ? 'rules+model' : 'model') : null;
    return { flagged: decidedBy !== null, decidedBy, score, analysis, prepared };
  }

  /** Never throws: should the detector fail on some input, the post gets no flag and the failure is named. */
  classify(input: ClassifierInput): Signals {
    try {
      return this.signals(input);
    } catch (error) {
      return { flags: [], matches: [], classifier: this.name, error: `detector failed: ${(error as Error).message}`.slice(0, 200) };
    }
  }

  private signals({ text, language }: ClassifierInput): Signals {
    const d = this.detect(text);
    const matches: SignalMatch[] = [];
    const overruled = d.flagged ? [] : d.analysis.findings.filter((f) => f.strength === 'strong').map((f) => ({ rule: f.rule, term: f.term }));
    if (d.flagged) {
      for (const f of d.analysis.findings) {
        if (f.strength === 'strong' || d.decidedBy === 'rules+model') matches.push({ flag: FLAG_INCITEMENT, language: f.language, term: f.term, rule: f.rule });
      }
      if (d.decidedBy === 'model') {
        const names = new Map<number, string>();
        const features = featurise(d.prepared, d.analysis.features, names);
        const terms = this.model.explain(features, names, MODEL_TERMS).map((n) => n.replace(/^(?:word|bigram):/, ''));
        matches.push({ flag: FLAG_INCITEMENT, language: knownLanguage(language), term: terms.join(', '), rule: `model.${this.model.version}` });
      }
    }
    matches.sort((a, b) => a.language.localeCompare(b.language) || (a.rule ?? '').localeCompare(b.rule ?? '') || a.term.localeCompare(b.term));
    return {
      flags: d.flagged ? [FLAG_INCITEMENT] : [],
      matches,
      classifier: this.name,
      model: { version: this.model.version, score: round(d.score), threshold: this.model.thresholds.model, decidedBy: d.decidedBy },
      ...(d.analysis.vetoes.length ? { negativeFrames: d.analysis.vetoes } : {}),
      ...(overruled.length ? { overruled } : {}),
      ...(d.prepared.truncated ? { truncated: true } : {}),
    };
  }
}

function knownLanguage(language: string | undefined): string {
  return language && ['en', 'de', 'fr', 'es'].includes(language) ? language : 'any';
}

function round(score: number): number {
  return Math.round(score * 10000) / 10000;
}
