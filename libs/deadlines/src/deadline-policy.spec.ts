import { DEFAULT_DEADLINE_POLICY } from '../../../migrations/seeds/default-deadline-policy';
import { DeadlinePolicy, windowSeconds } from './deadline-policy';

const policy = DEFAULT_DEADLINE_POLICY as DeadlinePolicy;
const HOUR = 3600;
const DAY = 24 * HOUR;

describe('the default deadline policy (deadlines.md)', () => {
  it.each([
    ['an authority removal order, whatever the category', { reporterKind: 'authority', category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD' }, HOUR],
    ['violence from a hosting provider', { reporterKind: 'hosting_provider', category: 'STATEMENT_CATEGORY_VIOLENCE' }, HOUR],
    ['public security from a trusted flagger', { reporterKind: 'trusted_flagger', category: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY' }, HOUR],
    ['terrorist content keyword from a hosting provider', { reporterKind: 'hosting_provider', category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC', specifications: ['KEYWORD_TERRORIST_CONTENT'] }, HOUR],
    ['minors from a trusted flagger', { reporterKind: 'trusted_flagger', category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS' }, HOUR],
    ['violence from a user', { reporterKind: 'user', category: 'STATEMENT_CATEGORY_VIOLENCE' }, DAY],
    ['violence from a user that the classifier flags as incitement', { reporterKind: 'user', category: 'STATEMENT_CATEGORY_VIOLENCE', signals: ['incitement'] }, HOUR],
    ['hate speech from anyone', { reporterKind: 'hosting_provider', category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH' }, DAY],
    ['cyber violence against women from a user', { reporterKind: 'user', category: 'STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN' }, DAY],
    ['spam-like scams from a user', { reporterKind: 'user', category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD' }, 7 * DAY],
    ['own-initiative detection of incitement (no reporter)', { reporterKind: null, category: 'STATEMENT_CATEGORY_VIOLENCE', signals: ['incitement'] }, HOUR],
  ])('%s', (_, facts, expected) => {
    expect(windowSeconds(policy, facts)).toBe(expected);
  });
});
