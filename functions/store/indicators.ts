// What the indicators are computed from: every case and tip changed since a time (the recent
// index), each with its tasks' plain fields (kind, status, organisation, times, outcome word; never
// the decision). One Query per record, a few at a time.
import type { CaseFacts, IndicatorFacts, TaskFacts, TipFacts } from '../domain/indicators.ts';
import type { RecordKind } from '../domain/records.ts';
import { queryEveryPage } from './clients.ts';
import { batchGet } from './records.ts';
import { boardPartition, itemKinds, recordKey, recordPk } from './table.ts';

/** Records whose tasks are read at once: enough to overlap round trips, few enough not to be throttled. */
const PARALLEL_READS = 16;

async function tasksOf(kind: RecordKind, id: string): Promise<TaskFacts[]> {
  const items = await queryEveryPage({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
    ExpressionAttributeValues: { ':pk': recordPk(kind, id), ':task': itemKinds.task },
    ProjectionExpression: '#kind, #status, assigneeOrg, createdAt, dueAt, decidedAt, outcome',
    ExpressionAttributeNames: { '#kind': 'kind', '#status': 'status' },
  });
  return items as TaskFacts[];
}

async function recordsChangedSince<T>(kind: RecordKind, since: string, factsOf: (record: Record<string, any>, tasks: TaskFacts[]) => T): Promise<T[]> {
  const changed = await queryEveryPage({
    IndexName: 'recent',
    KeyConditionExpression: 'recentPk = :pk AND recentSk >= :since',
    ExpressionAttributeValues: { ':pk': boardPartition(kind), ':since': since },
    ProjectionExpression: 'id',
  });
  const records = await batchGet(changed.map((item) => recordKey(kind, item.id)));
  const facts: T[] = [];
  for (let start = 0; start < records.length; start += PARALLEL_READS) {
    const slice = records.slice(start, start + PARALLEL_READS);
    const tasks = await Promise.all(slice.map((record) => tasksOf(kind, record.id)));
    slice.forEach((record, index) => facts.push(factsOf(record, tasks[index])));
  }
  return facts;
}

export async function indicatorFactsSince(since: string): Promise<IndicatorFacts> {
  const [cases, tips] = await Promise.all([
    recordsChangedSince<CaseFacts>('case', since, (record, tasks) => ({
      id: record.id,
      createdAt: record.createdAt,
      assessment: record.assessment,
      ageBand: record.ageBand,
      disaggregation: record.disaggregation,
      consent: record.consent,
      tasks,
      reopenings: record.reopenings,
      solution: record.solution,
    })),
    recordsChangedSince<TipFacts>('tip', since, (record, tasks) => ({ id: record.id, createdAt: record.createdAt, triage: record.triage, caseIds: record.caseIds, tasks })),
  ]);
  return { cases, tips };
}
