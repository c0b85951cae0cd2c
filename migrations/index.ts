import { InitialSchema1795400000000 } from './1795400000000-initial-schema';
import { CaseTimersDueAt1795500000000 } from './1795500000000-case-timers-due-at';
import { AuditHashChain1795600000000 } from './1795600000000-audit-hash-chain';
import { AuditSequencer1795700000000 } from './1795700000000-audit-sequencer';
import { RemovedFingerprintIndex1795800000000 } from './1795800000000-removed-fingerprint-index';
import { DropPostsFingerprintIndex1795900000000 } from './1795900000000-drop-posts-fingerprint-index';
import { ModeratorConsole1796000000000 } from './1796000000000-moderator-console';
import { PostsUrlIndex1796100000000 } from './1796100000000-posts-url-index';
import { Reconciler1796200000000 } from './1796200000000-reconciler';
import { PostScans1796300000000 } from './1796300000000-post-scans';
import { CapacityAlarm1796500000000 } from './1796500000000-capacity-alarm';
import { Appeals1796600000000 } from './1796600000000-appeals';
import { NotifierReliability1796800000000 } from './1796800000000-notifier-reliability';
import { RoutingAndNotes1796900000000 } from './1796900000000-routing-and-notes';
import { BulkDecisions1797000000000 } from './1797000000000-bulk-decisions';
import { QualitySampling1797100000000 } from './1797100000000-quality-sampling';
import { DisagreementResolution1797200000000 } from './1797200000000-disagreement-resolution';
import { BulkApplyLease1797300000000 } from './1797300000000-bulk-apply-lease';

/** Every migration, in order. Listed explicitly so the build carries them and nothing is found by globbing. */
export const MIGRATIONS: Function[] = [
  InitialSchema1795400000000, CaseTimersDueAt1795500000000, AuditHashChain1795600000000,
  AuditSequencer1795700000000, RemovedFingerprintIndex1795800000000, DropPostsFingerprintIndex1795900000000,
  ModeratorConsole1796000000000, PostsUrlIndex1796100000000, Reconciler1796200000000, PostScans1796300000000,
  CapacityAlarm1796500000000, Appeals1796600000000, NotifierReliability1796800000000, RoutingAndNotes1796900000000,
  BulkDecisions1797000000000, QualitySampling1797100000000, DisagreementResolution1797200000000,
  BulkApplyLease1797300000000,
];
