// Runs one of the classifier scripts (corpus, train, eval): node scripts/classifier/run.mjs <name> [args…]
// esbuild bundles scripts/classifier/<name>.ts with the classifier it imports into dist/scripts/classifier/<name>.cjs,
// tsc checks the types beside it (scripts/classifier/tsconfig.json; skip with CLASSIFIER_SKIP_TYPECHECK=1), then
// node runs the bundle.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const [name, ...args] = process.argv.slice(2);
if (!['corpus', 'train', 'eval'].includes(name ?? '')) {
  process.stderr.write('usage: node scripts/classifier/run.mjs corpus|train|eval [args…]\n');
  process.exit(2);
}
const outfile = join(repoRoot, 'dist/scripts/classifier', `${name}.cjs`);
if (process.env.CLASSIFIER_SKIP_TYPECHECK !== '1') {
  try {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(here, 'tsconfig.json')], { cwd: repoRoot, stdio: 'pipe' });
  } catch (err) {
    process.stderr.write(`${err.stdout ?? ''}${err.stderr ?? ''}`);
    process.exit(1);
  }
}
await build({
  absWorkingDir: repoRoot,
  entryPoints: [join(here, `${name}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...args], { stdio: 'inherit', cwd: repoRoot });
process.exit(run.status ?? 1);
