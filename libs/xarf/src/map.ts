import type { XarfDsaCategory, XarfError, XarfMapping, XarfReport, XarfUnsupported } from './types';

const MAX_DESCRIPTION = 2000;
const MAX_EVIDENCE_URLS = 20;
const MAX_URL_LENGTH = 2048;

// Where each category's schemas put the URL of the reported content. The other categories
// report hosts, IPs and services, which are not posts on the platform.
const CONTENT_URL_FIELD: Partial<Record<string, 'url' | 'infringing_url'>> = {
  content: 'url',
  copyright: 'infringing_url',
};

const DSA_BY_CONTENT_TYPE: Partial<Record<string, XarfDsaCategory>> = {
  csam: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
  csem: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
  phishing: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  fraud: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  malware: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
};

/** Clients' clocks drift; a minute ahead is still "now". */
const FUTURE_TOLERANCE_MS = 60_000;

/**
 * The limits of docket's own API applied to a valid X-ARF report: the content URL
 * becomes the post id (≤ 2048 characters) and `timestamp` the report's time (not in
 * the future, not before year 1).
 */
export function xarfLimitErrors(report: XarfReport, now: Date): XarfError[] {
  const errors: XarfError[] = [];
  const field = CONTENT_URL_FIELD[report.category];
  const url = field ? report[field] : undefined;
  if (field && typeof url === 'string' && url.length > MAX_URL_LENGTH) errors.push({ path: field, message: `must be at most ${MAX_URL_LENGTH} characters` });
  const at = Date.parse(report.timestamp);
  if (!Number.isNaN(at) && at > now.getTime() + FUTURE_TOLERANCE_MS) errors.push({ path: 'timestamp', message: 'must not be in the future' });
  // RFC 3339 has a year 0000; PostgreSQL has none (1 BC comes before AD 1), so such a time cannot be stored.
  if (!Number.isNaN(at) && new Date(at).getUTCFullYear() < 1) errors.push({ path: 'timestamp', message: 'must be in the year 0001 (UTC) or later' });
  return errors;
}

/** Maps a report that passed `validateXarf` onto docket's model. */
export function mapXarfReport(report: XarfReport): XarfMapping | XarfUnsupported {
  const field = CONTENT_URL_FIELD[report.category];
  const postUrl = field ? report[field] : undefined;
  if (typeof postUrl !== 'string' || postUrl === '') {
    return {
      supported: false,
      reason: `docket handles content on the platform: this X-ARF report (${report.category}/${report.type}) names no content url`,
    };
  }

  const mapping: XarfMapping = {
    supported: true,
    postId: postUrl,
    postUrl,
    category: dsaCategory(report),
    xarfCategory: report.category,
    xarfType: report.type,
    evidenceUrls: evidenceUrls(report),
    externalRef: report.report_id,
  };
  const reportedAt = Date.parse(report.timestamp);
  // RFC 3339 allows leap seconds, which Date cannot represent; the field is optional, so leave it out.
  if (!Number.isNaN(reportedAt)) mapping.reportedAt = new Date(reportedAt).toISOString();
  const description = typeof report.description === 'string' ? report.description.trim().slice(0, MAX_DESCRIPTION) : '';
  if (description) mapping.description = description;
  return mapping;
}

function dsaCategory(report: XarfReport): XarfDsaCategory {
  if (report.category === 'copyright') return 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS';
  if (report.category === 'content') return DSA_BY_CONTENT_TYPE[report.type] ?? 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC';
  return 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC';
}

// The schemas' `evidence` items carry base64 payloads and `evidence_source` is a label
// ("spamtrap", "honeypot", ...); the one URL-valued evidence field is content-base's
// `screenshot_url` ("Reference URL to screenshot evidence").
function evidenceUrls(report: XarfReport): string[] {
  return [report.screenshot_url]
    .filter((url): url is string => typeof url === 'string' && url.length <= MAX_URL_LENGTH && isHttpUrl(url))
    .slice(0, MAX_EVIDENCE_URLS);
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
