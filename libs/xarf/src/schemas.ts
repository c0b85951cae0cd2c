// Every vendored schema, imported as JSON so tsc emits them into dist (no fs reads at runtime).
import type { SchemaObject } from 'ajv/dist/2020';
import core from '../../../third_party/xarf-spec-v4_MIT/schemas/xarf-core.json';
import master from '../../../third_party/xarf-spec-v4_MIT/schemas/xarf-v4-master.json';
import connectionDdos from '../../../third_party/xarf-spec-v4_MIT/schemas/types/connection-ddos.json';
import connectionInfectedHost from '../../../third_party/xarf-spec-v4_MIT/schemas/types/connection-infected-host.json';
import connectionLoginAttack from '../../../third_party/xarf-spec-v4_MIT/schemas/types/connection-login-attack.json';
import connectionPortScan from '../../../third_party/xarf-spec-v4_MIT/schemas/types/connection-port-scan.json';
import connectionReconnaissance from '../../../third_party/xarf-spec-v4_MIT/schemas/types/connection-reconnaissance.json';
import connectionScraping from '../../../third_party/xarf-spec-v4_MIT/schemas/types/connection-scraping.json';
import connectionSqlInjection from '../../../third_party/xarf-spec-v4_MIT/schemas/types/connection-sql-injection.json';
import connectionVulnerabilityScan from '../../../third_party/xarf-spec-v4_MIT/schemas/types/connection-vulnerability-scan.json';
import contentBase from '../../../third_party/xarf-spec-v4_MIT/schemas/types/content-base.json';
import contentBrandInfringement from '../../../third_party/xarf-spec-v4_MIT/schemas/types/content-brand_infringement.json';
import contentCsam from '../../../third_party/xarf-spec-v4_MIT/schemas/types/content-csam.json';
import contentCsem from '../../../third_party/xarf-spec-v4_MIT/schemas/types/content-csem.json';
import contentExposedData from '../../../third_party/xarf-spec-v4_MIT/schemas/types/content-exposed-data.json';
import contentFraud from '../../../third_party/xarf-spec-v4_MIT/schemas/types/content-fraud.json';
import contentMalware from '../../../third_party/xarf-spec-v4_MIT/schemas/types/content-malware.json';
import contentPhishing from '../../../third_party/xarf-spec-v4_MIT/schemas/types/content-phishing.json';
import contentRemoteCompromise from '../../../third_party/xarf-spec-v4_MIT/schemas/types/content-remote_compromise.json';
import contentSuspiciousRegistration from '../../../third_party/xarf-spec-v4_MIT/schemas/types/content-suspicious_registration.json';
import copyrightCopyright from '../../../third_party/xarf-spec-v4_MIT/schemas/types/copyright-copyright.json';
import copyrightCyberlocker from '../../../third_party/xarf-spec-v4_MIT/schemas/types/copyright-cyberlocker.json';
import copyrightLinkSite from '../../../third_party/xarf-spec-v4_MIT/schemas/types/copyright-link-site.json';
import copyrightP2p from '../../../third_party/xarf-spec-v4_MIT/schemas/types/copyright-p2p.json';
import copyrightUgcPlatform from '../../../third_party/xarf-spec-v4_MIT/schemas/types/copyright-ugc-platform.json';
import copyrightUsenet from '../../../third_party/xarf-spec-v4_MIT/schemas/types/copyright-usenet.json';
import infrastructureBotnet from '../../../third_party/xarf-spec-v4_MIT/schemas/types/infrastructure-botnet.json';
import infrastructureCompromisedServer from '../../../third_party/xarf-spec-v4_MIT/schemas/types/infrastructure-compromised-server.json';
import messagingBulkMessaging from '../../../third_party/xarf-spec-v4_MIT/schemas/types/messaging-bulk-messaging.json';
import messagingSpam from '../../../third_party/xarf-spec-v4_MIT/schemas/types/messaging-spam.json';
import reputationBlocklist from '../../../third_party/xarf-spec-v4_MIT/schemas/types/reputation-blocklist.json';
import reputationThreatIntelligence from '../../../third_party/xarf-spec-v4_MIT/schemas/types/reputation-threat-intelligence.json';
import vulnerabilityCve from '../../../third_party/xarf-spec-v4_MIT/schemas/types/vulnerability-cve.json';
import vulnerabilityMisconfiguration from '../../../third_party/xarf-spec-v4_MIT/schemas/types/vulnerability-misconfiguration.json';
import vulnerabilityOpenService from '../../../third_party/xarf-spec-v4_MIT/schemas/types/vulnerability-open-service.json';

export const coreSchema: SchemaObject = core;
export const masterSchema: SchemaObject = master;
// content-base.json is no type of its own but the content-* schemas $ref it, so it must be registered too.
export const typeSchemas: SchemaObject[] = [
  connectionDdos,
  connectionInfectedHost,
  connectionLoginAttack,
  connectionPortScan,
  connectionReconnaissance,
  connectionScraping,
  connectionSqlInjection,
  connectionVulnerabilityScan,
  contentBase,
  contentBrandInfringement,
  contentCsam,
  contentCsem,
  contentExposedData,
  contentFraud,
  contentMalware,
  contentPhishing,
  contentRemoteCompromise,
  contentSuspiciousRegistration,
  copyrightCopyright,
  copyrightCyberlocker,
  copyrightLinkSite,
  copyrightP2p,
  copyrightUgcPlatform,
  copyrightUsenet,
  infrastructureBotnet,
  infrastructureCompromisedServer,
  messagingBulkMessaging,
  messagingSpam,
  reputationBlocklist,
  reputationThreatIntelligence,
  vulnerabilityCve,
  vulnerabilityMisconfiguration,
  vulnerabilityOpenService,
];
