/**
 * Trains the incitement model and chooses its thresholds; writes libs/triage/src/classifier/model/incitement-v1.json.
 * The sealed test split (test3) is not read.
 *
 *   npm run train:classifier
 *
 * Training data: the template splits (train, validation, round1, test: phrasings the rules were written from), the
 * pinned examples of the unit tests (incitement and ordinary posts), the benign fixture, and the hand-written posts (`train3`, by authors who never saw the detector). Thresholds come from the hand-written posts
 * alone, on out-of-fold scores: each fifth is scored by a model trained on everything but that fifth, so the scores
 * are those of posts the model has not seen, written by someone other than the rules' author. Of the thresholds
 * whose false-alarm rate stays at or under MAX_FALSE_ALARMS in every language, the pair with the best recall; then
 * the final model (trained on everything) must keep every pinned example (fixtures/pinned-incitement.json) flagged
 * and the earlier lexicon's benign fixture and the pinned ordinary posts unflagged: the rule threshold is lowered and the model's raised if not.
 *
 * Logistic regression by stochastic gradient descent with AdaGrad step sizes and L2 regularisation, over the
 * features of model.ts; buckets seen in fewer than MIN_DOCUMENTS training posts are left at zero. Deterministic:
 * the same corpus gives the same file (its trainedAt aside).
 */
import { writeFileSync } from 'node:fs';
import benignFixture from '../../libs/triage/src/classifier/fixtures/benign-posts.json';
import pinned from '../../libs/triage/src/classifier/fixtures/pinned-incitement.json';
import pinnedOrdinary from '../../libs/triage/src/classifier/fixtures/pinned-ordinary.json';
import { prepareText } from '../../libs/triage/src/classifier/detection-text';
import { DIMENSIONS, FeatureVector, LinearModel, ModelFile, ModelThresholds, featurise, packWeights, sigmoid } from '../../libs/triage/src/classifier/model';
import { DEFAULT_RULE_LEXICONS, RuleEngine } from '../../libs/triage/src/classifier/rules';
import { Rng } from './corpus/template-kit';
import { CorpusLine, LANGS, MODEL_PATH, Split, figures, pct, readSplit } from './corpus-io';

const VERSION = 'incitement-v1';
const EPOCHS = 30;
const LEARNING_RATE = 0.3;
const L2 = 1e-3;
const MIN_DOCUMENTS = 2;
/**
 * Each rule feature is left out of a training step with this probability, so the model cannot lean on the rules'
 * structure alone (they were written on the template splits and are near perfect there) and learns the n-grams too.
 */
const RULE_FEATURE_DROPOUT = 0.5;
/** The bar for false alarms, per language, on out-of-fold scores. */
const MAX_FALSE_ALARMS = 0.02;
const FOLDS = 5;
const TEMPLATE_SPLITS: Split[] = ['train', 'validation', 'round1', 'test'];
const RULE_THRESHOLDS = [0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

interface Example {
  line: CorpusLine;
  x: FeatureVector;
  /** How many features (at the end of x) are rule structure rather than n-grams. */
  ruleFeatures: number;
  y: number;
  strong: boolean;
}

type Scorer = (x: FeatureVector) => number;

function examples(lines: CorpusLine[], rules: RuleEngine): Example[] {
  return lines.map((line) => {
    const prepared = prepareText(line.text);
    const analysis = rules.analyse(prepared);
    const x = featurise(prepared, analysis.features);
    // featurise reuses nothing between calls once copied.
    return {
      line, x: { indices: [...x.indices], values: [...x.values] }, ruleFeatures: x.values.filter((v) => v === 1).length, y: line.label === 'incitement' ? 1 : 0,
      strong: analysis.findings.some((f) => f.strength === 'strong'),
    };
  });
}

function train(data: Example[]): { weights: Float32Array; bias: number } {
  const df = new Uint32Array(DIMENSIONS);
  for (const e of data) for (const i of e.x.indices) df[i]++;
  const weights = new Float32Array(DIMENSIONS);
  const squares = new Float32Array(DIMENSIONS);
  let bias = 0;
  let biasSquares = 0;
  const rng = new Rng(42);
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const k of order) {
      const { x, y, ruleFeatures } = data[k];
      // Rule features come last in x (see featurise); some are dropped for this step.
      const firstRule = x.indices.length - ruleFeatures;
      const kept = x.indices.map((_, f) => f < firstRule || !rng.chance(RULE_FEATURE_DROPOUT));
      let z = bias;
      for (let f = 0; f < x.indices.length; f++) if (kept[f] && df[x.indices[f]] >= MIN_DOCUMENTS) z += weights[x.indices[f]] * x.values[f];
      const error = sigmoid(z) - y;
      for (let f = 0; f < x.indices.length; f++) {
        const i = x.indices[f];
        if (!kept[f] || df[i] < MIN_DOCUMENTS) continue;
        const g = error * x.values[f] + L2 * weights[i];
        squares[i] += g * g;
        weights[i] -= (LEARNING_RATE * g) / Math.sqrt(squares[i] + 1e-8);
      }
      biasSquares += error * error;
      bias -= (LEARNING_RATE * error) / Math.sqrt(biasSquares + 1e-8);
    }
  }
  // Buckets seen too rarely to learn from stay at zero, as in training.
  for (let i = 0; i < DIMENSIONS; i++) if (df[i] < MIN_DOCUMENTS) weights[i] = 0;
  return { weights, bias };
}

const scorer = ({ weights, bias }: { weights: Float32Array; bias: number }): Scorer => (x) => {
  let z = bias;
  for (let f = 0; f < x.indices.length; f++) z += weights[x.indices[f]] * x.values[f];
  return sigmoid(z);
};

const flags = (e: Example, s: number, t: ModelThresholds) => (e.strong && s >= t.rule) || s >= t.model;

/** A stable fold per post, from its id. */
function foldOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) >>> 0;
  return h % FOLDS;
}

/** Scores of the hand-written posts by models that did not see them (k-fold), in their order. */
function outOfFold(templates: Example[], hand: Example[]): number[] {
  const scores = new Array<number>(hand.length);
  for (let k = 0; k < FOLDS; k++) {
    const score = scorer(train([...templates, ...hand.filter((e) => foldOf(e.line.id) !== k)]));
    hand.forEach((e, i) => {
      if (foldOf(e.line.id) === k) scores[i] = score(e.x);
    });
  }
  return scores;
}

const ordinary = (e: Example) => e.line.kind === 'ordinary';
/** Where false alarms are bounded: per language, the hard negatives and the ordinary posts each (and all incitement). */
const GROUPS: ((e: Example) => boolean)[] = LANGS.flatMap((l) => [
  (e: Example) => e.line.lang === l && !ordinary(e), (e: Example) => e.line.lang === l && (e.y === 1 || ordinary(e)),
]);

/**
 * The best recall whose false-alarm rate is at most MAX_FALSE_ALARMS in every language, on its hard negatives and on
 * its ordinary posts alike: model thresholds are the
 * benign posts' own scores (just above each), rule thresholds a grid no higher than the model's.
 */
function chooseThresholds(hand: Example[], scores: number[]): { thresholds: ModelThresholds; recall: number } {
  const candidates = [...new Set(hand.filter((e) => e.y === 0).map((e) => scores[hand.indexOf(e)]))].sort((a, b) => a - b).map((s) => s + 1e-9);
  let best = { thresholds: { model: 1, rule: 1 }, recall: -1 };
  for (const model of [...candidates, 1]) {
    for (const rule of [...RULE_THRESHOLDS.filter((r) => r <= model), model]) {
      const rows = hand.map((e, i) => ({ label: e.line.label, lang: e.line.lang, flagged: flags(e, scores[i], { model, rule }) }));
      if (GROUPS.some((g) => figures(rows.filter((r, i) => g(hand[i]))).falseAlarmRate > MAX_FALSE_ALARMS)) continue;
      const recall = figures(rows).recall;
      if (recall > best.recall + 1e-9) best = { thresholds: { model, rule }, recall };
    }
  }
  return best;
}

function main(): void {
  const rules = new RuleEngine(DEFAULT_RULE_LEXICONS);
  const templates = examples(TEMPLATE_SPLITS.flatMap(readSplit), rules);
  const hand = examples(readSplit('train3'), rules);
  // The pinned examples (the earlier lexicon's seeds and the named rules' examples) are curated incitement: trained on.
  const pinnedSet = examples([...pinned.named, ...pinned.seeds.map((text) => ({ text }))].map((p, i) => line(`pinned-${i}`, p.text, 'incitement')), rules);
  // The earlier lexicon's benign fixture (ordinary political speech, idioms, news) is curated hard negatives: trained on.
  // So are the ordinary posts the product's tests file (spam, small talk): none may be flagged either.
  const fixtureSet = examples([...benignFixture, ...pinnedOrdinary].map((b: { text: string; language: string }, i) => line(`fixture-${i}`, b.text, 'benign', b.language)), rules);
  const curated = [...templates, ...pinnedSet, ...fixtureSet];
  const oof = outOfFold(curated, hand);
  const chosen = chooseThresholds(hand, oof);

  const final = train([...curated, ...hand]);
  const packed = packWeights(final.weights);
  // The shipped weights are quantised: the constraints below hold for them, not for the floats.
  const shipped = new LinearModel({ version: VERSION, dimensions: DIMENSIONS, bias: final.bias, thresholds: chosen.thresholds, ...packed } as ModelFile);
  const score: Scorer = (x) => shipped.score(x);
  const thresholds = { ...chosen.thresholds };
  // Every pinned example stays flagged: its strong rule stands (the unit tests name each one).
  const pinnedScores = pinnedSet.map((e) => score(e.x));
  const unpinned = pinnedSet.filter((e, i) => !e.strong && pinnedScores[i] < thresholds.model);
  if (unpinned.length) throw new Error(`pinned examples no strong rule finds: ${unpinned.map((e) => e.line.text).join(' | ')}`);
  thresholds.rule = Math.min(thresholds.rule, ...pinnedSet.filter((e) => e.strong).map((e) => pinnedScores[pinnedSet.indexOf(e)] - 1e-9));
  // The benign fixture stays unflagged.
  const fixtureScores = fixtureSet.map((e) => score(e.x));
  thresholds.model = Math.max(thresholds.model, ...fixtureScores.map((s) => s + 1e-9));
  const blocking = fixtureSet.filter((e, i) => e.strong && fixtureScores[i] >= thresholds.rule);
  if (blocking.length) throw new Error(`benign fixture posts a strong rule flags: ${blocking.map((e) => e.line.text).join(' | ')}`);

  const outOfFoldBy = (set: Example[], scores: number[]) => Object.fromEntries(LANGS.map((l) => {
    const f = figures(set.map((e, i) => ({ label: e.line.label, lang: e.line.lang, flagged: flags(e, scores[i], thresholds) })).filter((r) => r.lang === l));
    return [l, { posts: f.posts, precision: round(f.precision), recall: round(f.recall), falseAlarmRate: round(f.falseAlarmRate) }];
  }));
  const file: ModelFile = {
    version: VERSION,
    description: 'Logistic regression over hashed word uni/bigrams, character 3-5-grams and rule structure; see docs/classifier.md',
    trainedAt: new Date().toISOString().slice(0, 10),
    dimensions: DIMENSIONS,
    features: 'model.ts featurise(): word, bigram, chars 3-5 (per token, with boundaries), R: rule features; FNV-1a hashing',
    training: {
      posts: curated.length + hand.length, templatePosts: templates.length, pinnedPosts: pinnedSet.length, fixturePosts: fixtureSet.length, handwrittenPosts: hand.length, epochs: EPOCHS, learningRate: LEARNING_RATE, l2: L2,
      minDocuments: MIN_DOCUMENTS, ruleFeatureDropout: RULE_FEATURE_DROPOUT, nonZeroWeights: Buffer.from(packed.indices, 'base64').length / 4,
    },
    // Rounded away from the examples they were moved for: the rule's down (pinned stay flagged), the model's up.
    thresholds: { model: Math.ceil(thresholds.model * 1e6) / 1e6, rule: Math.floor(thresholds.rule * 1e6) / 1e6 },
    validation: {
      method: `${FOLDS}-fold out-of-fold scores of the hand-written training posts`, posts: hand.length,
      maxFalseAlarmRatePerLanguage: MAX_FALSE_ALARMS, byLanguage: outOfFoldBy(hand, oof),
    },
    bias: final.bias,
    ...packed,
  };
  writeFileSync(MODEL_PATH, `${JSON.stringify(file, null, 1)}\n`);

  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`${VERSION}: ${file.training.nonZeroWeights} non-zero weights; thresholds: model ${file.thresholds.model}, strong rule ${file.thresholds.rule}`);
  const all = figures(hand.map((e, i) => ({ label: e.line.label, flagged: flags(e, oof[i], thresholds) })));
  out(`out of fold (${hand.length} hand-written posts): precision ${pct(all.precision)} recall ${pct(all.recall)} false alarms ${pct(all.falseAlarmRate)}`);
  for (const [l, f] of Object.entries(file.validation.byLanguage as Record<string, Record<string, number>>)) {
    const plain = figures(hand.map((e, i) => ({ e, i })).filter(({ e }) => e.line.lang === l && ordinary(e)).map(({ e, i }) => ({ label: e.line.label, flagged: flags(e, oof[i], thresholds) })));
    out(`  ${l}: precision ${pct(f.precision)} recall ${pct(f.recall)} false alarms ${pct(f.falseAlarmRate)} (ordinary posts: ${pct(plain.falseAlarmRate)} of ${plain.posts})`);
  }
  const rulesAlone = figures(hand.map((e) => ({ label: e.line.label, flagged: e.strong })));
  out(`strong rules alone on the same posts: recall ${pct(rulesAlone.recall)} false alarms ${pct(rulesAlone.falseAlarmRate)}`);
  out(`wrote ${MODEL_PATH}`);
}

function line(id: string, text: string, label: CorpusLine['label'], lang = 'en'): CorpusLine {
  return { id, lang, label, split: 'train', text, family: id.replace(/-\d+$/, ''), kind: 'fixture', variant: 'plain' };
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main();
