// The default policy of the product spec (deadlines.md), as it stood when this migration was written.
// Later changes go through PUT /v1/admin/deadline-policy (or a new migration), never by editing this file.
const URGENT = ['STATEMENT_CATEGORY_VIOLENCE', 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS'];
const SPEECH = ['STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', 'STATEMENT_CATEGORY_CYBER_VIOLENCE', 'STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN'];
const HOUR = 3600;
const DAY = 24 * HOUR;

export const DEFAULT_DEADLINE_POLICY = {
  rules: [
    { when: { reporterKinds: ['authority'] }, windowSeconds: HOUR },
    { when: { categories: URGENT, reporterKinds: ['hosting_provider', 'trusted_flagger'] }, windowSeconds: HOUR },
    { when: { specifications: ['KEYWORD_TERRORIST_CONTENT'], reporterKinds: ['hosting_provider', 'trusted_flagger'] }, windowSeconds: HOUR },
    { when: { signals: ['incitement'] }, windowSeconds: HOUR },
    { when: { categories: URGENT, reporterKinds: ['user'] }, windowSeconds: DAY },
    { when: { specifications: ['KEYWORD_TERRORIST_CONTENT'], reporterKinds: ['user'] }, windowSeconds: DAY },
    { when: { categories: SPEECH }, windowSeconds: DAY },
  ],
  defaultWindowSeconds: 7 * DAY,
  warnAtFraction: 0.75,
};
