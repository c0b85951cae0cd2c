import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DSA_CATEGORIES, DSA_ENUMS, DSA_KEYWORDS } from './index';

describe('vendored DSA enumerations', () => {
  it('are the same as the shared standard', () => {
    const shared = JSON.parse(readFileSync(join(__dirname, '../../../../shared/standards/dsa/sor_enums.json'), 'utf8'));
    expect(DSA_ENUMS).toEqual(shared);
  });

  it('list the 16 statement categories and the keywords', () => {
    expect(DSA_CATEGORIES).toHaveLength(16);
    expect(DSA_CATEGORIES).toContain('STATEMENT_CATEGORY_VIOLENCE');
    expect(DSA_KEYWORDS).toContain('KEYWORD_TERRORIST_CONTENT');
  });
});
