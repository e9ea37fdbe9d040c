// Every day: erase, by crypto-shredding, each closed case or tip past its retention period
// (policy.ts), unless it is under a legal hold. The day is the scheduled event's own time, so the
// sweep can be run as of any day (tests pass a fake one).
import { planErasure } from '../domain/erasure.ts';
import type { Actor, RecordKind } from '../domain/records.ts';
import { dueForErasure, type RetainedRecord } from '../domain/retention.ts';
import { closedRecords, loadRecord } from '../store/records.ts';
import { writeErasure } from '../store/tasks.ts';
import { stopWorkflow } from '../store/workflows.ts';

const sweep: Actor = { userId: 'retention-sweep', role: 'admin', organisationId: 'puente' };

export async function handler(event: { time?: string } = {}): Promise<{ erased: number }> {
  const now = event.time ? new Date(event.time) : new Date();
  let erased = 0;
  for (const kind of ['case', 'tip'] as RecordKind[]) {
    for (const record of await closedRecords(kind)) {
      if (!dueForErasure(record as unknown as RetainedRecord, now).due) continue;
      const parts = await loadRecord(kind, record.id, { personal: false });
      if (!parts || parts.erased) continue;
      const plan = planErasure(parts, sweep, 'retention', now.toISOString());
      await writeErasure(parts.record, plan);
      for (const execution of plan.executions) await stopWorkflow(execution, 'retention period ended');
      erased++;
    }
  }
  return { erased };
}
