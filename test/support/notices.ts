import { randomUUID } from 'node:crypto';

/** A notice as a hosting provider would send it; override what the test is about. */
export function notice(overrides: Record<string, unknown> = {}, post: Record<string, unknown> = {}) {
  return {
    post: { id: `p-${randomUUID()}`, url: 'https://social.example/p/1', authorId: 'u-9', text: 'They must hang. Kill them all.', language: 'en', postedAt: '2021-01-08T10:00:00Z', ...post },
    category: 'STATEMENT_CATEGORY_VIOLENCE',
    specification: ['KEYWORD_TERRORIST_CONTENT'],
    description: 'Call to violence ahead of the inauguration',
    evidenceUrls: ['https://evidence.example/shot-1.png'],
    externalRef: `AWS-TS-${Math.floor(Math.random() * 1e6)}`,
    reportedAt: '2021-01-09T08:00:00Z',
    ...overrides,
  };
}

/** The 98 examples a hosting provider sent in January 2021, as one batch. */
export function providerBatch(count = 98) {
  return Array.from({ length: count }, (_, i) =>
    notice({ externalRef: `AWS-TS-${String(i + 1).padStart(4, '0')}` }, { id: `parler-${randomUUID()}`, url: `https://social.example/p/${i}` }),
  );
}
