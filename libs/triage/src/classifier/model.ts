import type { PreparedText } from './detection-text';

/**
 * The linear model: logistic regression over hashed features of the prepared text.
 * - word unigrams and bigrams (within a sentence), of the folded tokens;
 * - character 3- to 5-grams of each token with its boundaries (" kill ", so misspellings share most grams);
 * - the rule engine's structure (`R:act+target:group`, `R:frame:should`, `R:veto:sport`…).
 * N-gram features are binary and scaled to unit length together; structure features count 1 each. Feature names
 * are hashed (FNV-1a) into DIMENSIONS buckets; the weights file stores the non-zero buckets only.
 *
 * The same code featurises for training (scripts/classifier/train.ts) and for scoring, so they cannot drift.
 */
export const DIMENSIONS = 1 << 18;
const MASK = DIMENSIONS - 1;

const SEED_WORD = 0x811c9dc5;
const SEED_BIGRAM = 0x1b873593;
const SEED_CHAR = 0x5bd1e995;
const SEED_RULE = 0x27d4eb2f;
const PRIME = 0x01000193;

export interface ModelThresholds {
  /** Model score at or above which a post is flagged whatever the rules found. */
  model: number;
  /**
   * Lower score at or above which a strong rule's finding stands: below it the model, which has read the whole post
   * (its topic, its negative frames), overrules the rule, and the signals name the rule as overruled.
   */
  rule: number;
}

/** The weights file (libs/triage/src/classifier/model/*.json). */
export interface ModelFile {
  version: string;
  description: string;
  trainedAt: string;
  dimensions: number;
  features: string;
  training: Record<string, unknown>;
  thresholds: ModelThresholds;
  validation: Record<string, unknown>;
  bias: number;
  /** Quantised weights: value = int16 × scale. */
  scale: number;
  /** base64 of little-endian uint32 bucket indices, ascending. */
  indices: string;
  /** base64 of little-endian int16 quantised weights, one per index. */
  values: string;
}

/** A post's features: bucket indices and values (parallel arrays). */
export interface FeatureVector {
  indices: number[];
  values: number[];
}

// Buckets already taken by the post being featurised: a stamp per bucket instead of a Set per post.
const stamps = new Uint32Array(DIMENSIONS);
let stamp = 0;

function nextStamp(): number {
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    stamps.fill(0);
    stamp = 1;
  }
  return stamp;
}

function hashString(seed: number, s: string): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, PRIME);
  }
  return h >>> 0;
}

/**
 * The features of a prepared post. `names`, when given, receives a readable name per index (for explanations and
 * tests; it costs string building, so scoring leaves it out).
 */
export function featurise(prepared: PreparedText, ruleFeatures: readonly string[], names?: Map<number, string>): FeatureVector {
  const mark = nextStamp();
  const ngrams: number[] = [];
  const add = (h: number, name?: () => string) => {
    const i = h & MASK;
    if (stamps[i] === mark) return;
    stamps[i] = mark;
    ngrams.push(i);
    if (names) names.set(i, name!());
  };
  const tokens = prepared.tokens;
  for (let t = 0; t < tokens.length; t++) {
    const word = tokens[t].text;
    add(hashString(SEED_WORD, word), () => `word:${word}`);
    if (t + 1 < tokens.length && tokens[t + 1].sentence === tokens[t].sentence) {
      const next = tokens[t + 1].text;
      add(hashString(hashString(SEED_BIGRAM, word) ^ 0x20, next), () => `bigram:${word} ${next}`);
    }
    // Character n-grams of " word ", hashed as they are read: no substring is built.
    const padded = word.length + 2;
    for (let start = 0; start < padded - 2; start++) {
      let h = SEED_CHAR;
      for (let j = start; j < padded && j < start + 5; j++) {
        const code = j === 0 || j === padded - 1 ? 32 : word.charCodeAt(j - 1);
        h ^= code;
        h = Math.imul(h, PRIME);
        if (j - start >= 2) {
          const end = j;
          add((h ^ (j - start)) >>> 0, () => `chars:${` ${word} `.slice(start, end + 1)}`);
        }
      }
    }
  }
  const scale = ngrams.length ? 1 / Math.sqrt(ngrams.length) : 0;
  const indices = ngrams;
  const values = new Array<number>(ngrams.length).fill(scale);
  for (const feature of ruleFeatures) {
    const i = hashString(SEED_RULE, feature) & MASK;
    if (stamps[i] === mark) continue;
    stamps[i] = mark;
    indices.push(i);
    values.push(1);
    if (names) names.set(i, feature);
  }
  return { indices, values };
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Weights loaded from a ModelFile. */
export class LinearModel {
  readonly version: string;
  readonly thresholds: ModelThresholds;
  private readonly weights: Float32Array;
  private readonly bias: number;

  constructor(file: ModelFile) {
    if (file.dimensions !== DIMENSIONS) throw new Error(`model ${file.version}: ${file.dimensions} dimensions, this code hashes into ${DIMENSIONS}`);
    this.version = file.version;
    this.thresholds = file.thresholds;
    this.bias = file.bias;
    this.weights = new Float32Array(DIMENSIONS);
    const indices = new Uint32Array(toArrayBuffer(Buffer.from(file.indices, 'base64')));
    const values = new Int16Array(toArrayBuffer(Buffer.from(file.values, 'base64')));
    if (indices.length !== values.length) throw new Error(`model ${file.version}: ${indices.length} indices for ${values.length} values`);
    for (let k = 0; k < indices.length; k++) this.weights[indices[k]] = values[k] * file.scale;
  }

  score(features: FeatureVector): number {
    let z = this.bias;
    for (let k = 0; k < features.indices.length; k++) z += this.weights[features.indices[k]] * features.values[k];
    return sigmoid(z);
  }

  /** The features that pushed the score up most, by readable name. */
  explain(features: FeatureVector, names: Map<number, string>, count: number): string[] {
    return features.indices
      .map((i, k) => ({ name: names.get(i) ?? String(i), contribution: this.weights[i] * features.values[k] }))
      .filter((c) => c.contribution > 0 && !c.name.startsWith('chars:'))
      .sort((a, b) => b.contribution - a.contribution)
      .slice(0, count)
      .map((c) => c.name);
  }
}

/** Packs trained weights into the file's fields. */
export function packWeights(weights: Float32Array): Pick<ModelFile, 'scale' | 'indices' | 'values'> {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 32767 : 1;
  const idx: number[] = [];
  const val: number[] = [];
  weights.forEach((w, i) => {
    const q = Math.round(w / scale);
    if (q !== 0) {
      idx.push(i);
      val.push(q);
    }
  });
  return {
    scale,
    indices: Buffer.from(new Uint32Array(idx).buffer).toString('base64'),
    values: Buffer.from(new Int16Array(val).buffer).toString('base64'),
  };
}

function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}
