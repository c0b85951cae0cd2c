import * as fs from 'node:fs';
import * as path from 'node:path';
import { mapXarfReport, validateXarf, type XarfReport } from '@docket/xarf';

const VENDORED = path.resolve(__dirname, '../../../third_party/xarf-spec-v4_MIT');
const SAMPLES = path.join(VENDORED, 'samples');

const MINORS = 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS';
const SCAMS = 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD';
const SECURITY = 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY';
const IP = 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS';
const OTHER = 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC';
const UNSUPPORTED = 'unsupported';

// Written by hand from the mapping rules, one row per official sample.
const EXPECTED: Record<string, string> = {
  'connection-ddos.json': UNSUPPORTED,
  'connection-infected-host.json': UNSUPPORTED,
  'connection-login-attack.json': UNSUPPORTED,
  'connection-port-scan.json': UNSUPPORTED,
  'connection-reconnaissance.json': UNSUPPORTED,
  'connection-scraping.json': UNSUPPORTED,
  'connection-sql-injection.json': UNSUPPORTED,
  'connection-vulnerability-scan.json': UNSUPPORTED,
  'content-brand-infringement.json': OTHER,
  'content-csam.json': MINORS,
  'content-csem.json': MINORS,
  'content-exposed-data.json': OTHER,
  'content-fraud.json': SCAMS,
  'content-malware.json': SECURITY,
  'content-phishing.json': SCAMS,
  'content-remote-compromise.json': OTHER,
  'content-suspicious-registration.json': OTHER,
  'copyright-copyright.json': IP,
  'copyright-cyberlocker.json': IP,
  'copyright-link-site.json': IP,
  'copyright-p2p.json': UNSUPPORTED,
  'copyright-ugc-platform.json': IP,
  'copyright-usenet.json': UNSUPPORTED,
  'infrastructure-botnet.json': UNSUPPORTED,
  'infrastructure-compromised-server.json': UNSUPPORTED,
  'messaging-bulk-messaging.json': UNSUPPORTED,
  'messaging-spam.json': UNSUPPORTED,
  'reputation-blocklist.json': UNSUPPORTED,
  'reputation-threat-intelligence.json': UNSUPPORTED,
  'vulnerability-cve.json': UNSUPPORTED,
  'vulnerability-misconfiguration.json': UNSUPPORTED,
  'vulnerability-open-service.json': UNSUPPORTED,
};

const sampleFiles = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).sort();
const sample = (file: string): Record<string, any> => JSON.parse(fs.readFileSync(path.join(SAMPLES, file), 'utf8'));

function valid(body: unknown): XarfReport {
  const result = validateXarf(body);
  if (!result.ok) throw new Error(`expected a valid report, got ${JSON.stringify(result.errors)}`);
  return result.report;
}

describe('X-ARF official samples', () => {
  it('has an expectation for exactly the sample files', () => {
    expect(sampleFiles.length).toBeGreaterThan(0);
    expect(sampleFiles).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(sampleFiles)('%s is accepted and mapped per the table', (file) => {
    const body = sample(file);
    const mapping = mapXarfReport(valid(body));

    if (EXPECTED[file] === UNSUPPORTED) {
      expect(mapping).toEqual({
        supported: false,
        reason: `docket handles content on the platform: this X-ARF report (${body.category}/${body.type}) names no content url`,
      });
      return;
    }
    const url = body.category === 'copyright' ? body.infringing_url : body.url;
    expect(mapping).toEqual({
      supported: true,
      postId: url,
      postUrl: url,
      category: EXPECTED[file],
      xarfCategory: body.category,
      xarfType: body.type,
      reportedAt: new Date(body.timestamp).toISOString(),
      evidenceUrls: [],
      externalRef: body.report_id,
    });
  });

  it('maps the phishing sample field by field', () => {
    expect(mapXarfReport(valid(sample('content-phishing.json')))).toEqual({
      supported: true,
      postId: 'http://secure-banking-login.example.com/auth',
      postUrl: 'http://secure-banking-login.example.com/auth',
      category: SCAMS,
      xarfCategory: 'content',
      xarfType: 'phishing',
      reportedAt: '2025-01-11T15:15:24.000Z',
      evidenceUrls: [],
      externalRef: '1a5ec293-0849-40a4-9eba-d5926262ff05',
    });
  });
});

describe('vendored schemas', () => {
  it('are all imported by the library', () => {
    const schemas = path.join(VENDORED, 'schemas');
    const files = fs.readdirSync(schemas, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    const source = fs.readFileSync(path.join(__dirname, 'schemas.ts'), 'utf8');
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) expect(source).toContain(`/xarf-spec-v4_MIT/schemas/${f}'`);
  });
});

describe('broken reports are refused with the broken field named', () => {
  type Body = Record<string, any>;
  const cases: [string, string, (r: Body) => void, { path: string; message: string }][] = [
    // (a) a required field removed
    ['core report_id missing', 'content-phishing.json', (r) => delete r.report_id, { path: 'report_id', message: 'is required' }],
    ['reporter.org missing', 'copyright-copyright.json', (r) => delete r.reporter.org, { path: 'reporter.org', message: 'is required' }],
    ['sender.contact missing', 'messaging-spam.json', (r) => delete r.sender.contact, { path: 'sender.contact', message: 'is required' }],
    ['evidence item content_type missing', 'content-phishing.json', (r) => delete r.evidence[1].content_type, { path: 'evidence[1].content_type', message: 'is required' }],
    ['content url missing (content-base)', 'content-malware.json', (r) => delete r.url, { path: 'url', message: 'is required' }],
    ['csam classification missing', 'content-csam.json', (r) => delete r.classification, { path: 'classification', message: 'is required' }],
    ['copyright infringing_url missing', 'copyright-copyright.json', (r) => delete r.infringing_url, { path: 'infringing_url', message: 'is required' }],
    ['p2p p2p_protocol missing', 'copyright-p2p.json', (r) => delete r.p2p_protocol, { path: 'p2p_protocol', message: 'is required' }],
    ['ddos source_port missing (required by if/then for an IP source)', 'connection-ddos.json', (r) => delete r.source_port, { path: 'source_port', message: 'is required' }],
    ['spam smtp_from missing (required by if/then for smtp)', 'messaging-spam.json', (r) => delete r.smtp_from, { path: 'smtp_from', message: 'is required' }],
    ['usenet message_info missing (one-branch anyOf)', 'copyright-usenet.json', (r) => delete r.message_info, { path: 'message_info', message: 'is required' }],
    // (b) an enum field set to a wrong value
    ['category unknown', 'content-phishing.json', (r) => (r.category = 'spam'), { path: 'category', message: 'must be one of: messaging, content, copyright, connection, vulnerability, infrastructure, reputation' }],
    ['type not of its category', 'content-fraud.json', (r) => (r.type = 'spam'), { path: 'type', message: 'must be one of: phishing, malware, csam, csem, exposed_data, brand_infringement, fraud, remote_compromise, suspicious_registration (for category content)' }],
    ['csam classification unknown', 'content-csam.json', (r) => (r.classification = 'Z9'), { path: 'classification', message: 'must be one of: baseline, A1, A2, B1, B2' }],
    ['p2p protocol unknown', 'copyright-p2p.json', (r) => (r.p2p_protocol = 'napster'), { path: 'p2p_protocol', message: 'must be one of: bittorrent, edonkey, gnutella, kademlia, other' }],
    ['legacy_version unknown', 'messaging-spam.json', (r) => (r.legacy_version = '2'), { path: 'legacy_version', message: 'must be one of: 3' }],
    // (c) formats
    ['report_id not a uuid', 'content-phishing.json', (r) => (r.report_id = 'report-42'), { path: 'report_id', message: 'must be a valid uuid' }],
    ['report_id not a uuid (non-content type)', 'vulnerability-cve.json', (r) => (r.report_id = '1234'), { path: 'report_id', message: 'must be a valid uuid' }],
    ['reporter.contact not an email', 'content-csem.json', (r) => (r.reporter.contact = 'abuse desk'), { path: 'reporter.contact', message: 'must be a valid email' }],
    // anyOf alternatives collapse into one entry
    ['destination_ip neither ipv4 nor ipv6', 'connection-ddos.json', (r) => (r.destination_ip = 'not-an-ip'), { path: 'destination_ip', message: 'must be a valid ipv4 or must be a valid ipv6' }],
    ['swarm_info with neither info_hash nor magnet_uri', 'copyright-p2p.json', (r) => (r.swarm_info = { torrent_name: 'x' }), { path: 'swarm_info', message: 'info_hash is required or magnet_uri is required' }],
    ['unknown field in a closed object', 'content-phishing.json', (r) => (r.evidence[0].url = 'https://x.example'), { path: 'evidence[0].url', message: 'is not an allowed field' }],
  ];

  it.each(cases)('%s', (_name, file, breakIt, expected) => {
    const body = sample(file);
    breakIt(body);
    // The whole list, not just "contains": the one broken field is all that is reported.
    expect(validateXarf(body)).toEqual({ ok: false, errors: [expected] });
  });

  it('reports both category and type, and nothing else, when both are missing', () => {
    const body = sample('content-phishing.json');
    delete body.category;
    delete body.type;
    expect(validateXarf(body)).toEqual({
      ok: false,
      errors: [
        { path: 'category', message: 'is required' },
        { path: 'type', message: 'is required' },
      ],
    });
  });

  it('reports every broken field at once', () => {
    const body = sample('content-phishing.json');
    body.report_id = 'x';
    delete body.reporter.domain;
    body.tags = ['Not A Tag'];
    const result = validateXarf(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.path).sort()).toEqual(['report_id', 'reporter.domain', 'tags[0]']);
  });
});

describe('non-object bodies', () => {
  it.each([null, undefined, [], [sample('content-phishing.json')], 'a report', 42, true])('refuses %p', (body) => {
    expect(validateXarf(body)).toEqual({ ok: false, errors: [{ path: '', message: 'must be a JSON object' }] });
  });

  it('refuses an empty object with the core required fields', () => {
    const result = validateXarf({});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual(
      ['xarf_version', 'report_id', 'timestamp', 'reporter', 'sender', 'source_identifier', 'category', 'type'].map((p) => ({
        path: p,
        message: 'is required',
      })),
    );
  });
});

describe('mapXarfReport details', () => {
  it('takes description (trimmed, at most 2000 chars), screenshot evidence and a UTC timestamp', () => {
    const report = {
      ...valid(sample('content-fraud.json')),
      timestamp: '2025-01-11T17:22:45+01:00',
      description: `  ${'d'.repeat(2500)}  `,
      screenshot_url: 'https://evidence.example.com/shot.png',
    };
    expect(mapXarfReport(report)).toMatchObject({
      supported: true,
      reportedAt: '2025-01-11T16:22:45.000Z',
      description: 'd'.repeat(2000),
      evidenceUrls: ['https://evidence.example.com/shot.png'],
    });
  });

  it('keeps only http(s) evidence urls of at most 2048 chars', () => {
    const base = valid(sample('content-malware.json'));
    for (const screenshot_url of ['ftp://evidence.example.com/shot.png', `https://e.example.com/${'a'.repeat(2048)}`]) {
      expect(mapXarfReport({ ...base, screenshot_url })).toMatchObject({ evidenceUrls: [] });
    }
  });

  it('takes the description of a valid sample as is', () => {
    // vulnerability-cve is the only sample with a description, and it is not content; borrow it.
    const description = sample('vulnerability-cve.json').description;
    const report = valid({ ...sample('content-phishing.json'), description });
    expect(mapXarfReport(report)).toMatchObject({ supported: true, description });
  });

  it('supports a p2p report once it does name an infringing_url', () => {
    const report = valid({ ...sample('copyright-p2p.json'), infringing_url: 'https://tracker.example.com/t/1' });
    expect(mapXarfReport(report)).toMatchObject({ supported: true, postId: 'https://tracker.example.com/t/1', category: IP });
  });
});
