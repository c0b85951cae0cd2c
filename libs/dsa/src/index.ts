import enums from '../../../third_party/dsa-transparency-database_MIT/sor_enums.json';

/** The 16 `STATEMENT_CATEGORY_*` values: docket's own category taxonomy, so exports need no mapping. */
export const DSA_CATEGORIES = Object.keys(enums.category);
/** `KEYWORD_*` values for a report's optional `specification`. */
export const DSA_KEYWORDS = Object.keys(enums.category_specification);
export const DSA_ENUMS = enums;
