import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface CorpusLine {
  id: string;
  lang: string;
  label: 'incitement' | 'benign';
  split: 'train' | 'validation' | 'round1' | 'test' | 'train3' | 'test3';
  text: string;
  family: string;
  kind: string;
  variant: string;
}

/** The repository root (these scripts run bundled from dist/scripts/classifier): the nearest folder with package.json. */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
export const CORPUS = join(REPO_ROOT, 'libs/triage/corpus');
export const MODEL_PATH = join(REPO_ROOT, 'libs/triage/src/classifier/model/incitement-v1.json');

export type Split = CorpusLine['split'];

/**
 * A split's posts. The template splits are files of their own; the hand-written ones (libs/triage/corpus/handwritten,
 * written by authors who never saw the detector) are `train3` (training, and thresholds on out-of-fold scores) and
 * `test3` (the sealed held-out round).
 */
export function readSplit(split: Split): CorpusLine[] {
  if (split === 'train3') return readHandwritten('train-');
  if (split === 'test3') return readHandwritten('test3-');
  return readJsonl(join(CORPUS, `${split}.jsonl`));
}

function readHandwritten(prefix: string): CorpusLine[] {
  const dir = join(CORPUS, 'handwritten');
  return readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.jsonl')).sort().flatMap((f) => readJsonl(join(dir, f)));
}

function readJsonl(path: string): CorpusLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusLine);
}

export const LANGS = ['en', 'de', 'fr', 'es'] as const;

export interface Figures {
  posts: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  falseAlarmRate: number;
}

export function figures(rows: { label: string; flagged: boolean }[]): Figures {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const r of rows) {
    const positive = r.label === 'incitement';
    if (positive && r.flagged) tp++;
    else if (positive) fn++;
    else if (r.flagged) fp++;
    else tn++;
  }
  return {
    posts: rows.length, tp, fp, tn, fn,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    falseAlarmRate: fp + tn ? fp / (fp + tn) : 0,
  };
}

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
