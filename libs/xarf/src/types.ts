export type XarfCategory =
  | 'messaging'
  | 'content'
  | 'copyright'
  | 'connection'
  | 'vulnerability'
  | 'infrastructure'
  | 'reputation';

export interface XarfContact {
  org: string;
  contact: string;
  domain: string;
}

export interface XarfEvidenceItem {
  content_type: string;
  /** Base64-encoded evidence data, not a URL. */
  payload: string;
  description?: string;
  hash?: string;
  size?: number;
}

/**
 * A report that passed the X-ARF v4 master schema. Only the core fields and the few
 * type-specific fields docket reads are spelled out; the schemas allow any other field.
 */
export interface XarfReport {
  xarf_version: string;
  report_id: string;
  timestamp: string;
  reporter: XarfContact;
  sender: XarfContact;
  source_identifier: string;
  source_port?: number;
  category: XarfCategory;
  type: string;
  evidence_source?: string;
  evidence?: XarfEvidenceItem[];
  tags?: string[];
  confidence?: number;
  description?: string;
  legacy_version?: '3';
  /** content-* types (required there). */
  url?: string;
  /** content-* types: "Reference URL to screenshot evidence". */
  screenshot_url?: string;
  /** copyright-* types except p2p and usenet (required there). */
  infringing_url?: string;
  [field: string]: unknown;
}

export interface XarfError {
  /** Dotted path with array indices in brackets, e.g. `evidence[0].content_type`; '' is the body itself. */
  path: string;
  message: string;
}

export type XarfValidationResult = { ok: true; report: XarfReport } | { ok: false; errors: XarfError[] };

export type XarfDsaCategory =
  | 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS'
  | 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD'
  | 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY'
  | 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS'
  | 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC';

export interface XarfMapping {
  supported: true;
  /** The reported URL itself: docket keys posts by URL for X-ARF reports. */
  postId: string;
  postUrl: string;
  /** EU DSA statement-of-reasons category. */
  category: XarfDsaCategory;
  xarfCategory: XarfCategory;
  xarfType: string;
  /** The report's `timestamp`, normalised to UTC ISO-8601. */
  reportedAt?: string;
  description?: string;
  evidenceUrls: string[];
  /** The report's `report_id`. */
  externalRef: string;
}

export interface XarfUnsupported {
  supported: false;
  reason: string;
}
