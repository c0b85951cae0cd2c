/** Principals are created the way an operator would: through the admin API, with the bootstrap admin key. */
export interface CreatedPrincipal {
  id: string;
  apiKey: string;
  role: string;
  kind: string | null;
}

export async function createPrincipal(
  apiUrl: string,
  adminKey: string,
  body: { name: string; role: string; kind?: string; callbackUrl?: string },
): Promise<CreatedPrincipal> {
  const res = await fetch(`${apiUrl}/v1/admin/principals`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as CreatedPrincipal;
  if (res.status !== 201) throw new Error(`creating principal ${body.name} failed: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export const REPORTER_KINDS = ['hosting_provider', 'trusted_flagger', 'authority', 'user'] as const;

export interface BenchPrincipals {
  /** One reporter per kind: the data sets spread reports over them; load comes from the hosting provider. */
  reporters: Record<(typeof REPORTER_KINDS)[number], CreatedPrincipal>;
  moderators: CreatedPrincipal[];
  auditor: CreatedPrincipal;
}

export async function createBenchPrincipals(apiUrl: string, adminKey: string, moderators: number): Promise<BenchPrincipals> {
  const reporters = {} as BenchPrincipals['reporters'];
  for (const kind of REPORTER_KINDS) {
    reporters[kind] = await createPrincipal(apiUrl, adminKey, { name: `bench ${kind}`, role: 'reporter', kind });
  }
  const mods: CreatedPrincipal[] = [];
  for (let i = 0; i < moderators; i++) mods.push(await createPrincipal(apiUrl, adminKey, { name: `bench moderator ${i + 1}`, role: 'moderator' }));
  const auditor = await createPrincipal(apiUrl, adminKey, { name: 'bench auditor', role: 'auditor' });
  return { reporters, moderators: mods, auditor };
}
