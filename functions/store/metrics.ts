// What the coordinator's figures are computed from: the cases changed since a time (the recent
// index), and the open tasks by kind (the open-task index).
import type { RecordSummary } from '../domain/records.ts';
import { queryEveryPage } from './clients.ts';
import { boardPartition, OPEN_TASKS, withoutKeys } from './table.ts';

export async function casesChangedSince(since: string): Promise<RecordSummary[]> {
  const items = await queryEveryPage({
    IndexName: 'recent',
    KeyConditionExpression: 'recentPk = :pk AND recentSk >= :since',
    ExpressionAttributeValues: { ':pk': boardPartition('case'), ':since': since },
  });
  return items.map((item) => withoutKeys(item) as RecordSummary);
}

export async function openTaskCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const open = await queryEveryPage({ IndexName: 'due', KeyConditionExpression: 'duePk = :pk', ExpressionAttributeValues: { ':pk': OPEN_TASKS }, ProjectionExpression: 'kind' });
  for (const item of open) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return counts;
}
