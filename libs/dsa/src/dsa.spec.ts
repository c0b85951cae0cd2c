import { DSA_CATEGORIES, DSA_KEYWORDS } from './index';

describe('vendored DSA enumerations', () => {
  it('list the 16 statement categories and the keywords', () => {
    expect(DSA_CATEGORIES).toHaveLength(16);
    expect(DSA_CATEGORIES).toContain('STATEMENT_CATEGORY_VIOLENCE');
    expect(DSA_KEYWORDS).toContain('KEYWORD_TERRORIST_CONTENT');
  });
});
