// The DynamoDB client, made once per process and reused across invocations. Its endpoint comes
// from the standard AWS_ENDPOINT_URL_DYNAMODB (set by the local host; absent on AWS). The Step
// Functions client lives in workflows.ts, so handlers that never touch a workflow never load it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set');
  return name;
}


/** Puts items in one transaction; those marked `new` only if no item has their key yet. */
export async function putTogether(puts: { item: Record<string, unknown>; new?: boolean }[]): Promise<void> {
  await documents.send(
    new TransactWriteCommand({
      TransactItems: puts.map(({ item, new: isNew }) => ({
        Put: { TableName: tableName(), Item: item, ConditionExpression: isNew ? 'attribute_not_exists(pk)' : undefined },
      })),
    }),
  );
}

/** Every item a Query answers, page after page (for bounded sets: a record's items, organisations). */
export async function queryEveryPage(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new QueryCommand({ ...input, TableName: tableName(), ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
