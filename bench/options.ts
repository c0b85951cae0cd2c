/** Command line of `npm run bench -- [flags]`. */
export interface BenchOptions {
  /** Small data sets and short phases: the whole run in under a minute. */
  quick: boolean;
  /** N API and N worker processes for the scale-out rows (P1 and P5 again); 1 = no scale-out rows. */
  procs: number;
  /** Only these workloads (e.g. P1,P4); null = all. */
  only: Set<string> | null;
  /** Case counts for P4, P6 and P7 (growth). */
  sizes: number[];
  /** Seconds each load phase runs, docket and raw alike. */
  durationS: number;
  /** Seconds of load before each measured phase, so JIT, pools and caches are warm. */
  warmupS: number;
  /** Keep the bench database afterwards (for looking at it); by default its tables are emptied. */
  keep: boolean;
}

const USAGE = `usage: npm run bench -- [--quick] [--procs N] [--only P1,P4,...] [--sizes 100000,1000000] [--duration S] [--keep]`;

export function parseOptions(argv: string[]): BenchOptions {
  const opts: BenchOptions = { quick: false, procs: 1, only: null, sizes: [], durationS: 0, warmupS: 0, keep: false };
  let sizes: number[] | undefined;
  let duration: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    switch (arg) {
      case '--quick': opts.quick = true; break;
      case '--keep': opts.keep = true; break;
      case '--procs': opts.procs = positive(arg, value()); break;
      case '--duration': duration = positive(arg, value()); break;
      case '--only': opts.only = new Set(value().toUpperCase().split(',').map((s) => s.trim()).filter(Boolean)); break;
      case '--sizes': sizes = value().split(',').map((s) => positive(arg, s.replace(/_/g, ''))); break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  opts.sizes = sizes ?? (opts.quick ? [20_000] : [100_000, 1_000_000]);
  opts.durationS = duration ?? (opts.quick ? 2 : 15);
  opts.warmupS = opts.quick ? 1 : 3;
  return opts;
}

function positive(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a positive integer, got ${raw}`);
  return n;
}

export function wants(opts: BenchOptions, id: string): boolean {
  return opts.only === null || opts.only.has(id);
}
