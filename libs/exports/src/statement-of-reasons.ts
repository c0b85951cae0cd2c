/** What a removal's statement of reasons is made from. */
export interface RemovalFacts {
  caseId: string;
  source: 'notice' | 'own_initiative';
  category: string;
  categories: string[];
  specifications: string[];
  reporterKinds: string[];
  reportCount: number;
  hasText: boolean;
  mediaUrls: string[];
  postedAt: Date | null;
  firstReportedAt: Date;
  removedAt: Date;
  decisionId: string;
  ground: 'illegal_content' | 'incompatible_content';
  legalGround: string | null;
  policy: string | null;
  explanation: string;
  automatedDetection: boolean;
  automatedDecision: boolean;
  /** The removal was overturned on appeal later (the decision stands as made; the post was restored). */
  overturnedOnAppeal?: { appealId: string; decisionId: string; decidedAt: Date } | null;
}

/** A statement for the EU DSA Transparency Database (POST /api/v1/statement). */
export type StatementOfReasons = Record<string, unknown>;

const MEDIA_TYPES: [RegExp, string][] = [
  [/\.(jpe?g|png|gif|webp|avif|heic|bmp|svg)$/i, 'CONTENT_TYPE_IMAGE'],
  [/\.(mp4|webm|mov|m4v|mkv|avi)$/i, 'CONTENT_TYPE_VIDEO'],
  [/\.(mp3|ogg|oga|wav|m4a|flac|opus)$/i, 'CONTENT_TYPE_AUDIO'],
];

function contentTypes(facts: RemovalFacts): { content_type: string[]; content_type_other?: string } {
  const types = new Set<string>();
  if (facts.hasText) types.add('CONTENT_TYPE_TEXT');
  for (const url of facts.mediaUrls) {
    const path = url.split(/[?#]/)[0];
    types.add(MEDIA_TYPES.find(([pattern]) => pattern.test(path))?.[1] ?? 'CONTENT_TYPE_OTHER');
  }
  if (types.size === 0) types.add('CONTENT_TYPE_OTHER');
  const content_type = [...types].sort();
  return types.has('CONTENT_TYPE_OTHER') ? { content_type, content_type_other: 'media of an unrecognised type' } : { content_type };
}

/**
 * Art. 17 DSA: the source is the strongest notice the case had. Trusted flaggers
 * (Art. 22) first, then notices under Art. 16 (users, hosting providers); an
 * authority's order is another kind of notification; docket's own scan is voluntary.
 */
function sourceType(facts: RemovalFacts): string {
  if (facts.source === 'own_initiative') return 'SOURCE_VOLUNTARY';
  if (facts.reporterKinds.includes('trusted_flagger')) return 'SOURCE_TRUSTED_FLAGGER';
  if (facts.reporterKinds.some((k) => k === 'user' || k === 'hosting_provider')) return 'SOURCE_ARTICLE_16';
  return 'SOURCE_TYPE_OTHER_NOTIFICATION';
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function decisionFacts(facts: RemovalFacts): string {
  const notices = facts.source === 'own_initiative' && facts.reportCount === 0
    ? 'Detected by the provider\'s own review.'
    : `Reported in ${facts.reportCount} notice${facts.reportCount === 1 ? '' : 's'}${facts.reporterKinds.length ? ` (${facts.reporterKinds.join(', ').replace(/_/g, ' ')})` : ''}.`;
  const detection = facts.automatedDetection ? ' Flagged by automated detection.' : '';
  const decided = facts.automatedDecision ? 'Decided automatically' : 'Reviewed and decided by a moderator';
  return `${notices}${detection} ${decided}; the content was removed on ${facts.removedAt.toISOString()}.`;
}

export function statementOfReasons(facts: RemovalFacts): StatementOfReasons {
  const grounds = facts.ground === 'illegal_content'
    ? {
        decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
        illegal_content_legal_ground: facts.legalGround ?? 'not recorded',
        illegal_content_explanation: facts.explanation,
      }
    : {
        decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
        incompatible_content_ground: facts.policy ?? 'not recorded',
        incompatible_content_explanation: facts.explanation,
      };
  const additional = facts.categories.filter((c) => c !== facts.category).sort();
  return {
    puid: facts.decisionId,
    decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
    ...grounds,
    category: facts.category,
    ...(additional.length ? { category_addition: additional } : {}),
    ...(facts.specifications.length ? { category_specification: [...facts.specifications].sort() } : {}),
    ...contentTypes(facts),
    content_date: day(facts.postedAt ?? facts.firstReportedAt),
    application_date: day(facts.removedAt),
    decision_facts: decisionFacts(facts),
    source_type: sourceType(facts),
    automated_detection: facts.automatedDetection ? 'Yes' : 'No',
    automated_decision: facts.automatedDecision ? 'AUTOMATED_DECISION_FULLY' : 'AUTOMATED_DECISION_NOT_AUTOMATED',
    // Not a field of the DSA schema (a reversal is not a statement): docket's mark, for the export's reader.
    ...(facts.overturnedOnAppeal ? {
      docket_overturned_on_appeal: {
        appeal_id: facts.overturnedOnAppeal.appealId, decision_id: facts.overturnedOnAppeal.decisionId, decided_at: new Date(facts.overturnedOnAppeal.decidedAt).toISOString(),
      },
    } : {}),
  };
}
