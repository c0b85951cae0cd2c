import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The official X-ARF v4 samples, vendored with the schemas. */
export const XARF_SAMPLES_DIR = path.resolve(__dirname, '../../third_party/xarf-spec-v4_MIT/samples');

export type XarfSample = Record<string, any>;

export const xarfSampleFiles = (): string[] =>
  fs.readdirSync(XARF_SAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();

/** A fresh deep copy of one sample, so a test may break it freely. */
export const xarfSample = (file: string): XarfSample => JSON.parse(fs.readFileSync(path.join(XARF_SAMPLES_DIR, file), 'utf8'));

/** The sample with a report_id of its own, for tests that must not replay another test's report. */
export const freshXarfSample = (file: string): XarfSample => ({ ...xarfSample(file), report_id: randomUUID() });
