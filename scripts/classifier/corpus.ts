/**
 * Writes the labelled corpus: libs/triage/corpus/{train,validation,round1,test}.jsonl and MANIFEST.json (counts and
 * sha256 of each file). Deterministic: the same templates and seeds give the same bytes.
 *
 *   npm run corpus:classifier
 *
 * - train + validation come from dev-templates.ts, validation being whole families held out of training;
 * - round1 comes from test-templates.ts: the first held-out split, evaluated once, then read for development;
 * - test comes from test2-templates.ts, written after that first evaluation and before any change it prompted.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_LANGUAGES, DEV_VARIANTS } from './corpus/dev-templates';
import { CorpusPost, checkTemplates, generate, hash } from './corpus/template-kit';
import { TEST_LANGUAGES, TEST_VARIANTS } from './corpus/test-templates';
import { TEST2_LANGUAGES, TEST2_VARIANTS } from './corpus/test2-templates';
import { CORPUS as CORPUS_DIR } from './corpus-io';



const DEV_PER_LABEL = 160;
const ROUND1_PER_LABEL = 100;
const TEST_PER_LABEL = 60;
/** Share of development families kept for validation (whole families, per language and label). */
const VALIDATION_SHARE = 0.25;

function main(): void {
  checkTemplates(DEV_LANGUAGES);
  checkTemplates(TEST_LANGUAGES);
  checkTemplates(TEST2_LANGUAGES);
  const validationFamilies = new Set<string>();
  for (const language of DEV_LANGUAGES) {
    for (const label of ['incitement', 'benign'] as const) {
      const families = [...language[label]].sort((a, b) => hash(`v1/${language.lang}/${a.id}`) - hash(`v1/${language.lang}/${b.id}`));
      for (const f of families.slice(0, Math.max(2, Math.round(families.length * VALIDATION_SHARE)))) validationFamilies.add(`${language.lang}/${label}/${f.id}`);
    }
  }
  const dev = generate(DEV_LANGUAGES, {
    seed: 20261207, perLabel: DEV_PER_LABEL, variants: DEV_VARIANTS, variantRate: 0.3, idPrefix: 'dev',
    splitOf: (lang, label, family) => (validationFamilies.has(`${lang}/${label}/${family.id}`) ? 'validation' : 'train'),
  });
  const round1 = generate(TEST_LANGUAGES, {
    seed: 7121962, perLabel: ROUND1_PER_LABEL, variants: TEST_VARIANTS, variantRate: 0.45, idPrefix: 'round1',
    splitOf: () => 'round1',
  });
  const test = generate(TEST2_LANGUAGES, {
    seed: 20261208, perLabel: TEST_PER_LABEL, variants: TEST2_VARIANTS, variantRate: 0.45, idPrefix: 'test2',
    splitOf: () => 'test',
  });
  const earlier = new Set([...dev, ...round1].map((p) => p.text.toLowerCase()));
  const shared = [...test, ...round1.filter((p) => new Set(dev.map((d) => d.text.toLowerCase())).has(p.text.toLowerCase()))]
    .filter((p) => p.split === 'round1' || earlier.has(p.text.toLowerCase()));
  if (shared.length) throw new Error(`held-out posts also in an earlier split: ${shared.map((p) => p.text).join(' | ')}`);

  mkdirSync(CORPUS_DIR, { recursive: true });
  const manifest: Record<string, unknown> = {};
  for (const split of ['train', 'validation', 'round1', 'test'] as const) {
    const posts = [...dev, ...round1, ...test].filter((p) => p.split === split);
    const body = posts.map((p) => JSON.stringify(line(p))).join('\n') + '\n';
    writeFileSync(join(CORPUS_DIR, `${split}.jsonl`), body);
    manifest[split] = {
      posts: posts.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      byLanguage: Object.fromEntries(['en', 'de', 'fr', 'es'].map((lang) => [lang, {
        incitement: posts.filter((p) => p.lang === lang && p.label === 'incitement').length,
        benign: posts.filter((p) => p.lang === lang && p.label === 'benign').length,
      }])),
      families: new Set(posts.map((p) => p.family)).size,
    };
  }
  writeFileSync(join(CORPUS_DIR, 'MANIFEST.json'), JSON.stringify(manifest, null, 2) + '\n');
  process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
}

/** The fields of a corpus line, in a fixed order. */
function line(p: CorpusPost) {
  return { id: p.id, lang: p.lang, label: p.label, split: p.split, text: p.text, family: p.family, kind: p.kind, variant: p.variant };
}

main();
