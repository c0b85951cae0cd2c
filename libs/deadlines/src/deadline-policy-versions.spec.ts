import type { Tx } from '@docket/database';
import type { DeadlinePolicy } from './deadline-policy';
import { DeadlinePolicyRepository } from './deadline-policy.repository';
import { DeadlinePolicyVersions } from './deadline-policy-versions';

const policy = (windowSeconds: number): DeadlinePolicy => ({ rules: [], defaultWindowSeconds: windowSeconds, warnAtFraction: 0.5 });

describe('DeadlinePolicyVersions', () => {
  const stored = new Map([[1, policy(60)], [2, policy(120)]]);
  const tx = {} as Tx;
  let asked: number[][];
  let versions: DeadlinePolicyVersions;

  beforeEach(() => {
    asked = [];
    const repo = {
      byIds: async (_: Tx, ids: number[]) => {
        asked.push(ids);
        return new Map(ids.flatMap((id) => (stored.has(id) ? [[id, stored.get(id)!] as const] : [])));
      },
    } as unknown as DeadlinePolicyRepository;
    versions = new DeadlinePolicyVersions(repo);
  });

  it('reads each version from the database once, and only the ones it has not seen', async () => {
    expect(await versions.get(tx, [1, 1])).toEqual(new Map([[1, policy(60)]]));
    expect(await versions.get(tx, [2, 1])).toEqual(new Map([[2, policy(120)], [1, policy(60)]]));
    expect(await versions.get(tx, [1, 2])).toEqual(new Map([[1, policy(60)], [2, policy(120)]]));
    expect(asked).toEqual([[1], [2]]);
  });

  it('fails on an id no policy has, and does not remember it', async () => {
    await expect(versions.get(tx, [1, 9])).rejects.toThrow('deadline policy 9 does not exist');
    stored.set(9, policy(5));
    expect((await versions.get(tx, [9])).get(9)).toEqual(policy(5));
  });
});
