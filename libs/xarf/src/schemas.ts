// Every vendored schema, imported as JSON so tsc emits them into dist (no fs reads at runtime).
import type { SchemaObject } from 'ajv/dist/2020';
import core from '../schemas/xarf-core.json';
import master from '../schemas/xarf-v4-master.json';
import connectionDdos from '../schemas/types/connection-ddos.json';
import connectionInfectedHost from '../schemas/types/connection-infected-host.json';
import connectionLoginAttack from '../schemas/types/connection-login-attack.json';
import connectionPortScan from '../schemas/types/connection-port-scan.json';
import connectionReconnaissance from '../schemas/types/connection-reconnaissance.json';
import connectionScraping from '../schemas/types/connection-scraping.json';
import connectionSqlInjection from '../schemas/types/connection-sql-injection.json';
import connectionVulnerabilityScan from '../schemas/types/connection-vulnerability-scan.json';
import contentBase from '../schemas/types/content-base.json';
import contentBrandInfringement from '../schemas/types/content-brand_infringement.json';
import contentCsam from '../schemas/types/content-csam.json';
import contentCsem from '../schemas/types/content-csem.json';
import contentExposedData from '../schemas/types/content-exposed-data.json';
import contentFraud from '../schemas/types/content-fraud.json';
import contentMalware from '../schemas/types/content-malware.json';
import contentPhishing from '../schemas/types/content-phishing.json';
import contentRemoteCompromise from '../schemas/types/content-remote_compromise.json';
import contentSuspiciousRegistration from '../schemas/types/content-suspicious_registration.json';
import copyrightCopyright from '../schemas/types/copyright-copyright.json';
import copyrightCyberlocker from '../schemas/types/copyright-cyberlocker.json';
import copyrightLinkSite from '../schemas/types/copyright-link-site.json';
import copyrightP2p from '../schemas/types/copyright-p2p.json';
import copyrightUgcPlatform from '../schemas/types/copyright-ugc-platform.json';
import copyrightUsenet from '../schemas/types/copyright-usenet.json';
import infrastructureBotnet from '../schemas/types/infrastructure-botnet.json';
import infrastructureCompromisedServer from '../schemas/types/infrastructure-compromised-server.json';
import messagingBulkMessaging from '../schemas/types/messaging-bulk-messaging.json';
import messagingSpam from '../schemas/types/messaging-spam.json';
import reputationBlocklist from '../schemas/types/reputation-blocklist.json';
import reputationThreatIntelligence from '../schemas/types/reputation-threat-intelligence.json';
import vulnerabilityCve from '../schemas/types/vulnerability-cve.json';
import vulnerabilityMisconfiguration from '../schemas/types/vulnerability-misconfiguration.json';
import vulnerabilityOpenService from '../schemas/types/vulnerability-open-service.json';

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
