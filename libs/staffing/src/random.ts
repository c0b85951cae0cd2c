/**
 * A small seeded PRNG (mulberry32): the same seed gives the same numbers on every machine and Node version, which
 * Math.random never promises. 32 bits of state are plenty for drawing handling times and arrival gaps.
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let a = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller, one of the pair). */
export function normal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal with the given median; `spread` is σ of the logarithm (0: always the median). */
export function logNormal(random: Random, median: number, spread: number): number {
  return spread === 0 ? median : median * Math.exp(spread * normal(random));
}

/** An exponential gap with the given mean. */
export function exponential(random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/** Picks a key with probability proportional to its weight (weights ≥ 0, at least one > 0). */
export function weighted<T>(random: Random, choices: readonly { value: T; weight: number }[]): T {
  const total = choices.reduce((sum, c) => sum + c.weight, 0);
  let x = random() * total;
  for (const c of choices) {
    x -= c.weight;
    if (x < 0 && c.weight > 0) return c.value;
  }
  return choices.filter((c) => c.weight > 0).at(-1)!.value;
}
