import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ProcessMetrics } from '@docket/metrics';

export type ReconcileKind = 'warning' | 'breach' | 'outbox' | 'triage' | 'enforcement' | 'scan' | 'restore' | 'bulk';

/** The reconciler's counters, in the process's own registry: the worker that re-drove something reports it. */
@Injectable()
export class ReconcilerMetrics {
  private readonly reconciledTotal: Counter<'kind'>;
  private readonly badRows: Counter<'kind'>;

  constructor(process: ProcessMetrics) {
    const registers = [process.registry];
    this.reconciledTotal = new Counter({
      name: 'docket_reconciled_total',
      help: 'What the reconciler re-created from PostgreSQL because Redis did not deliver it (this process), by kind: warning, breach, outbox, triage, enforcement, scan, restore, bulk.',
      labelNames: ['kind'], registers,
    });
    this.badRows = new Counter({
      name: 'docket_reconcile_unrepairable_total',
      help: 'Rows the reconciler could not repair (each counted once per process, and logged with its id), by kind.',
      labelNames: ['kind'], registers,
    });
  }

  reconciled(kind: ReconcileKind, n: number): void {
    this.reconciledTotal.inc({ kind }, n);
  }

  badRow(kind: ReconcileKind): void {
    this.badRows.inc({ kind });
  }
}
