/**
 * Prints where a .cpuprofile spent its samples: self time by package (or docket lib) and by function, idle left out.
 * `node dist/bench/profile-summary.js <file> [skip seconds]`: the optional second argument skips the start (boot).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const IDLE = new Set(['(idle)', '(program)']);

function owner(url: string): string {
  if (!url) return '(native / idle / gc)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /dist\/((?:libs|apps)\/[^/]+)/.exec(url);
  if (own) return `docket ${own[1]}`;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
  return url;
}

function top(map: Map<string, number>, total: number, n: number): string[] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
}

const profile: Profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const byOwner = new Map<string, number>();
const byFunction = new Map<string, number>();
const skipUs = Number(process.argv[3] ?? 0) * 1e6;
let elapsed = 0;
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  elapsed += dt;
  const frame = byId.get(id)!.callFrame;
  if (elapsed < skipUs || IDLE.has(frame.functionName)) return;
  total += dt;
  byOwner.set(owner(frame.url), (byOwner.get(owner(frame.url)) ?? 0) + dt);
  const fn = `${frame.functionName || '(anonymous)'} ${owner(frame.url)}:${frame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
});
console.log(`${(total / 1000).toFixed(0)} ms busy of ${((elapsed - skipUs) / 1000).toFixed(0)} ms sampled\n\nself time by package:`);
console.log(top(byOwner, total, 30).join('\n'));
console.log('\nself time by function:');
console.log(top(byFunction, total, 40).join('\n'));
