// The DynamoDB client, made once per process and reused across invocations. Its endpoint comes
// from the standard AWS_ENDPOINT_URL_DYNAMODB (set by the local host; absent on AWS). The Step
// Functions client lives in workflows.ts, so handlers that never touch a workflow never load it.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * How long a DynamoDB call may take. Without bounds a DynamoDB that does not answer holds a request
 * until API Gateway gives up (29 s) and the caller sees a 500; with them it fails within about
 * 2 × (1 s + 5 s) and the API answers 503 with Retry-After. One retry rides out a dropped connection.
 * The local engine's journal uses the same bounds.
 */
export const dynamoDbTimeouts = {
  connectionTimeoutMs: 1000,
  requestTimeoutMs: 5000,
  maxAttempts: 2,
};

export const dynamoDbClientConfig: DynamoDBClientConfig = {
  maxAttempts: dynamoDbTimeouts.maxAttempts,
  requestHandler: {
    connectionTimeout: dynamoDbTimeouts.connectionTimeoutMs,
    requestTimeout: dynamoDbTimeouts.requestTimeoutMs,
    // Without this the SDK only logs a warning when a request runs past requestTimeout.
    throwOnRequestTimeout: true,
  },
};

export const documents = DynamoDBDocumentClient.from(new DynamoDBClient(dynamoDbClientConfig), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

/** Error codes of a connection that failed, was cut or went quiet (Node's and the SDK's). */
const outageCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
/** Error names an AWS service gives when it cannot serve now, after the SDK's own retries. */
const outageNames = new Set([
  'TimeoutError',
  'RequestTimeout',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
]);

/**
 * True when an AWS call failed because the service could not be reached or did not answer in
 * time (not because of what was asked): the caller may retry the same request later. Judged by the
 * error's name and code, never its message.
 */
export function isOutage(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name, code, errors } = error as { name?: unknown; code?: unknown; errors?: unknown };
  if (typeof name === 'string' && outageNames.has(name)) return true;
  if (typeof code === 'string' && outageCodes.has(code)) return true;
  // A connection tried on several addresses fails with an AggregateError of each attempt's error.
  return Array.isArray(errors) && errors.length > 0 && errors.every(isOutage);
}

/** Whether the table answers a read within `withinMs` (the local host's /health asks). */
export async function tableAnswers(withinMs = 2000): Promise<boolean> {
  try {
    await documents.send(new GetCommand({ TableName: tableName(), Key: { pk: 'HEALTH', sk: 'HEALTH' } }), { abortSignal: AbortSignal.timeout(withinMs) });
    return true;
  } catch {
    return false;
  }
}

export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set');
  return name;
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
