// Runs the local host the way `npm start` does, as a child process group, so a test can stop it
// cleanly (SIGTERM) or kill it outright (SIGKILL, Java child included) and start it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';

const rootDir = resolve(import.meta.dirname, '../..');

export interface TestHost {
  url: string;
  dynamodbEndpoint: string;
  stepFunctionsEndpoint: string;
  queuesEndpoint: string;
  dataDir: string;
  output: () => string;
  /** SIGTERM, as Ctrl-C would; resolves when the whole process group is gone. */
  stop: () => Promise<void>;
  /** SIGKILL to the whole group: no cleanup runs. */
  kill: () => Promise<void>;
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'puente-test-'));
}

export async function startTestHost(options: { system?: string; dataDir?: string; env?: Record<string, string>; onDynamoDb?: (endpoint: string) => void } = {}): Promise<TestHost> {
  const dataDir = options.dataDir ?? newDataDir();
  const args = ['infra/local/main.ts', ...(options.system ? ['--system', options.system] : [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: rootDir,
    env: { ...process.env, PORT: '0', PUENTE_DATA_DIR: dataDir, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const line = (label: string) => new RegExp(`${label}\\s+(http://\\S+)`).exec(output)?.[1];

  const started = Date.now();
  let told = false;
  while (!/Puente is running at (\S+)/.test(output)) {
    const dynamodb = /DynamoDB Local ready at (\S+)/.exec(output)?.[1];
    if (dynamodb && !told) {
      told = true;
      options.onDynamoDb?.(dynamodb);
    }
    if (child.exitCode !== null) throw new Error(`the host exited (${child.exitCode}):\n${output}`);
    if (Date.now() - started > 60_000) throw new Error(`the host did not start within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // A host that dies on its own is a defect: say why, where the test's failure will be read.
  let signalled = false;
  child.once('exit', (code, signal) => {
    if (!signalled) process.stderr.write(`\nthe local host exited by itself (code ${code}, signal ${signal}); its output:\n${output}\n`);
  });
  const signalGroup = async (signal: NodeJS.Signals) => {
    signalled = true;
    try {
      process.kill(-child.pid!, signal);
    } catch {
      return;
    }
    await exited;
    // The group may outlive its leader for a moment (Java shutting down).
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(-child.pid!, 0);
        await new Promise((r) => setTimeout(r, 100));
      } catch {
        return;
      }
    }
  };
  return {
    url: /Puente is running at (\S+)/.exec(output)![1],
    dynamodbEndpoint: line('DynamoDB Local:')!,
    stepFunctionsEndpoint: line('Step Functions:')!,
    queuesEndpoint: line('Queues:')!,
    dataDir,
    output: () => output,
    stop: () => signalGroup('SIGTERM'),
    kill: () => signalGroup('SIGKILL'),
  };
}

/** The AWS SDK pointed at a running host's own endpoints, as the AWS CLI would be. */
export function awsClients(host: TestHost) {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  return {
    sfn: new SFNClient({ endpoint: host.stepFunctionsEndpoint, region: 'us-east-1', credentials }),
    documents: DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials })),
  };
}

/** Polls until `probe` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
