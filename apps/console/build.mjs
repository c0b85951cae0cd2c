// Builds the moderator console into dist/console: node apps/console/build.mjs (from any directory).
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const consoleDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(consoleDir, '../..');
const outDir = join(repoRoot, 'dist/console');

// esbuild strips types without checking them, so tsc runs alongside it; nothing is written unless both succeed.
async function typeCheck() {
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', join(consoleDir, 'tsconfig.json'), '--noEmit'], { cwd: repoRoot });
    return null;
  } catch (err) {
    return `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message;
  }
}

function bundle() {
  return build({
    absWorkingDir: repoRoot,
    entryPoints: [
      { in: join(consoleDir, 'src/main.tsx'), out: 'app' },
      { in: join(consoleDir, 'styles.css'), out: 'app' },
    ],
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: 'linked',
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
}

async function sizes() {
  const files = {};
  for (const name of (await readdir(outDir)).sort()) {
    const bytes = await readFile(join(outDir, name));
    files[name] = { bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  }
  return files;
}

try {
  const [typeErrors, result] = await Promise.all([typeCheck(), bundle()]);
  if (typeErrors) {
    process.stderr.write(typeErrors);
    process.exit(1);
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await Promise.all(result.outputFiles.map((file) => writeFile(file.path, file.contents)));
  await copyFile(join(consoleDir, 'index.html'), join(outDir, 'index.html'));
  console.log(JSON.stringify({ msg: 'console built', files: await sizes() }));
} catch (err) {
  // esbuild's own errors carry file and line in their message.
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
