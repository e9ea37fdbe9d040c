// Aggregates for coordinators, read from the open-task index.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documents, tableName } from './clients.ts';

export async function openTaskCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'due',
        KeyConditionExpression: 'duePk = :pk',
        ExpressionAttributeValues: { ':pk': 'OPEN_TASKS' },
        ProjectionExpression: 'kind',
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return counts;
}
