// Aggregates for coordinators, read from the open-task index.
import { queryEveryPage } from './clients.ts';

export async function openTaskCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const open = await queryEveryPage({ IndexName: 'due', KeyConditionExpression: 'duePk = :pk', ExpressionAttributeValues: { ':pk': 'OPEN_TASKS' }, ProjectionExpression: 'kind' });
  for (const item of open) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return counts;
}
