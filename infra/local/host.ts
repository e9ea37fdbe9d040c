// The embedded host: the whole system description running on one machine with real parts:
// DynamoDB Local with its data on disk, a Step Functions endpoint running the same ASL, the HTTP
// API calling the same handlers, and a local sign-in.
import { readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import aslValidator from 'asl-validator';
import { queueUrlEnv, stateMachineName, workflowArnEnv, type SystemDescription } from '../../system/description.ts';
import { demoOrganisations, demoUsers } from '../../system/demo.ts';
import { preparePrivateDir } from './data-dir.ts';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { exposure as exposureOf, type Exposure } from './exposure.ts';
import { httpApi, jsonAnswer, type HostRoute } from './http-api.ts';
import { localIssuer, UnknownUser } from './sign-in.ts';
import { LocalStepFunctions, type LambdaHandler, type LocalStateMachine } from './step-functions/engine.ts';
import { stepFunctionsEndpoint } from './step-functions/endpoint.ts';
import { buildWebApp } from '../../web/build.ts';
import { webAppRoute } from './web-app.ts';
import { queuesEndpoint, type LocalQueue } from './queues.ts';
import { Journal, JOURNAL_TABLE, journalTable } from './step-functions/journal.ts';
import { prepareDefinition, type AslDefinition } from './step-functions/prepare-definition.ts';

export const LOCAL_TABLE_NAME = 'puente';
const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
/** The demo coalition's country (system/demo.ts), unless PUENTE_COUNTRY names another. */
const DEMO_COUNTRY = 'GT';

export interface HostOptions {
  system: SystemDescription;
  /** Where the data lives (DynamoDB Local's files, the sign-in key). */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Repository root: handler modules and ASL files are named from here. */
  rootDir: string;
  /** Runs every schedule at this cadence instead of the description's (tests shorten it). */
  scheduleSeconds?: number;
  /** Where the API listens and whether local sign-in answers; this machine alone by default. */
  exposure?: Exposure;
}

export interface RunningHost {
  url: string;
  dynamodbEndpoint: string;
  stepFunctionsEndpoint: string;
  queuesEndpoint: string;
  resumedExecutions: number;
  exposure: Exposure;
  close: () => Promise<void>;
}

/** DynamoDB Local and the Step Functions endpoint answer anyone who reaches them: this machine only. */
const LOOPBACK = '127.0.0.1';

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { system, rootDir } = options;
  const exposure = options.exposure ?? exposureOf({});
  const dataDir = resolve(options.dataDir);
  // Whatever the host or a handler writes (keys, DynamoDB Local's files) is this user's alone.
  process.umask(0o077);
  preparePrivateDir(dataDir);
  const dynamodb = await startDynamoDbLocal(dataDir);
  console.log(`DynamoDB Local ready at ${dynamodb.endpoint}`);
  const closers: (() => Promise<void> | void)[] = [dynamodb.stop];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    await ensureTable(dynamodb.client, LOCAL_TABLE_NAME, system.table);
    await ensureTable(dynamodb.client, JOURNAL_TABLE, journalTable);

    const stepFunctionsServer = await boundEarly();
    const stepFunctionsUrl = stepFunctionsServer.url;
    const queuesServer = await boundEarly();
    const queuesUrl = queuesServer.url;
    closers.push(() => stopServer(stepFunctionsServer.server), () => stopServer(queuesServer.server));
    // Handlers learn only endpoints and names from the environment; the SDK reads AWS_ENDPOINT_URL_*.
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      // Handlers may be sent through another endpoint (fault-injection tests put a proxy there).
      AWS_ENDPOINT_URL_DYNAMODB: process.env.PUENTE_HANDLERS_DYNAMODB_ENDPOINT ?? dynamodb.endpoint,
      AWS_ENDPOINT_URL_SFN: stepFunctionsUrl,
      AWS_ENDPOINT_URL_SQS: queuesUrl,
      // Webhooks may reach a receiver on this machine (plain http to loopback); AWS leaves it unset: https to public addresses only.
      PUENTE_WEBHOOK_LOOPBACK: process.env.PUENTE_WEBHOOK_LOOPBACK ?? 'allow',
      [system.table.nameEnv]: LOCAL_TABLE_NAME,
      POWERTOOLS_SERVICE_NAME: 'puente',
      // The master key that wraps each record's data key: a key file in the data dir (KMS on AWS).
      PUENTE_MASTER_KEY_FILE: join(dataDir, 'master.key'),
      // The key bulletins are signed with (an asymmetric KMS key on AWS), and the country they speak for.
      PUENTE_SIGNING_KEY_FILE: join(dataDir, 'signing.key'),
      PUENTE_COUNTRY: process.env.PUENTE_COUNTRY ?? DEMO_COUNTRY,
    });
    for (const workflow of system.workflows) {
      process.env[workflowArnEnv(workflow.name)] = stateMachineArn(workflow.name);
    }

    const load = (module: string) => loadHandler(rootDir, module, process.env.PUENTE_INVOCATION_REPORTS === 'on');
    const machines: LocalStateMachine[] = [];
    for (const workflow of system.workflows) {
      const text = readFileSync(join(rootDir, workflow.definition), 'utf8');
      const source = JSON.parse(text) as AslDefinition;
      const { isValid, errorsText } = aslValidator(source, { checkArn: false, checkPaths: true });
      if (!isValid) throw new Error(`${workflow.definition} is not valid ASL:\n${errorsText('\n')}`);
      const handlers = new Map<string, LambdaHandler>();
      for (const [placeholder, binding] of Object.entries(workflow.tasks)) handlers.set(placeholder, await load(binding.handler));
      machines.push({
        name: stateMachineName(workflow.name),
        arn: stateMachineArn(workflow.name),
        definition: text,
        prepared: prepareDefinition(source, new Set(handlers.keys())),
        handlers,
      });
    }
    const statusHandler = system.executionStatusHandler ? await load(system.executionStatusHandler.handler) : undefined;
    const engine = new LocalStepFunctions({
      journal: new Journal(dynamodb.client),
      machines,
      region: REGION,
      onStatusChange: statusHandler
        ? async (event) => {
            // As the stack's EventBridge rule: only an execution's end is delivered (not RUNNING).
            if (event.detail.status === 'RUNNING') return;
            await statusHandler(event, { awsRequestId: event.id, functionName: 'execution-status' }).catch((error) =>
              console.error('execution status handler failed:', error),
            );
          }
        : undefined,
    });
    stepFunctionsServer.serve(stepFunctionsEndpoint(engine));
    closers.push(() => engine.shutdown());
    const resumedExecutions = await engine.resumeAll();

    const queues: LocalQueue[] = [];
    for (const queue of system.queues ?? []) {
      const url = `${queuesUrl}/${ACCOUNT}/puente-${queue.name}`;
      process.env[queueUrlEnv(queue.name)] = url;
      queues.push({ description: queue, url, arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:puente-${queue.name}`, handler: await load(queue.handler) });
    }
    const queuing = queuesEndpoint(queues);
    queuesServer.serve(queuing.server);
    closers.push(queuing.close);

    for (const schedule of system.schedules) {
      const handler = await load(schedule.handler);
      let busy = false;
      const timer = setInterval(async () => {
        if (busy) return; // a slow run is never overlapped by the next
        busy = true;
        try {
          await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', time: new Date().toISOString(), detail: {} }, { functionName: schedule.name });
        } catch (error) {
          console.error(`schedule ${schedule.name} failed:`, error);
        } finally {
          busy = false;
        }
      }, (options.scheduleSeconds ?? schedule.everySeconds) * 1000);
      closers.push(() => clearInterval(timer));
    }

    await seedDemoCoalition();

    const issuer = await localIssuer(dataDir);
    const { tableAnswers } = await import('../../functions/store/clients.ts');
    const routes = [];
    for (const route of system.routes) routes.push({ route, handler: await load(route.handler) });
    const hostRoutes: HostRoute[] = [
      async (request) => {
        if (request.method !== 'GET' || request.url !== '/health') return undefined;
        // Asked through the endpoint the handlers use: degraded is what a request would meet.
        const answering = await tableAnswers();
        return {
          statusCode: answering ? 200 : 503,
          headers: { 'content-type': 'application/json', ...(answering ? {} : { 'retry-after': '5' }) },
          body: JSON.stringify({
            status: answering ? 'ok' : 'degraded',
            dynamodb: { endpoint: dynamodb.endpoint, table: LOCAL_TABLE_NAME, region: REGION, answering },
            stepFunctions: { endpoint: stepFunctionsUrl, stateMachines: machines.map((machine) => machine.arn) },
          }),
        };
      },
      async (request, body) => {
        if (request.method !== 'POST' || request.url !== '/auth/local/token') return undefined;
        if (!exposure.localSignIn) {
          return jsonAnswer(403, 'LOCAL_SIGN_IN_OFF', `Local sign-in is off while the API is reachable from other machines (HOST=${exposure.host}); start it with PUENTE_LOCAL_SIGN_IN=on to allow it`);
        }
        let username: unknown;
        try {
          username = JSON.parse(body).username;
        } catch {
          return jsonAnswer(400, 'INVALID_JSON', 'The body must be JSON: { "username": "…" }');
        }
        try {
          return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: await issuer.issue(String(username)) }) };
        } catch (error) {
          if (error instanceof UnknownUser) return jsonAnswer(400, 'UNKNOWN_USER', error.message);
          throw error;
        }
      },
    ];
    hostRoutes.push(webAppRoute(buildWebApp(rootDir)));
    const api = httpApi(routes, issuer, hostRoutes, { loopbackOnly: exposure.loopbackOnly });
    const port = await listen(api, options.port, exposure.host);
    closers.push(() => stopServer(api));
    return {
      url: `http://${urlHost(exposure.host)}:${port}`,
      dynamodbEndpoint: dynamodb.endpoint,
      stepFunctionsEndpoint: stepFunctionsUrl,
      queuesEndpoint: queuesUrl,
      resumedExecutions,
      exposure,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A fresh data dir gets the demo coalition's organisations, through the product's own store. */
async function seedDemoCoalition(): Promise<void> {
  const { createOrganisation, listOrganisations } = await import('../../functions/store/organisations.ts');
  if ((await listOrganisations()).length) return;
  for (const organisation of demoOrganisations) await createOrganisation(organisation);
}

export function stateMachineArn(workflowName: string): string {
  return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${stateMachineName(workflowName)}`;
}

export { demoUsers };

/**
 * A handler module's handler. With `reports`, each invocation ends with a line like the REPORT line
 * Lambda writes (`npm run bench` counts invocations and their duration from them).
 */
async function loadHandler(rootDir: string, module: string, reports: boolean): Promise<LambdaHandler> {
  const loaded = await import(pathToFileURL(join(rootDir, module)).href);
  if (typeof loaded.handler !== 'function') throw new Error(`${module} does not export a handler function`);
  if (!reports) return loaded.handler;
  return async (event, context) => {
    const started = performance.now();
    try {
      return await loaded.handler(event, context);
    } finally {
      console.log(`REPORT Function: ${module} Duration: ${(performance.now() - started).toFixed(2)} ms`);
    }
  };
}

/**
 * A loopback server bound at once, on a port the system picks: asking for a free port and binding it
 * later leaves a window in which another process (a second host, a DynamoDB Local) takes it. What
 * it serves comes later, from an endpoint built once its engine exists.
 */
async function boundEarly(): Promise<{ server: Server; url: string; serve: (endpoint: Server) => void }> {
  const server = createServer();
  const port = await listen(server, 0, LOOPBACK);
  return {
    server,
    url: `http://${LOOPBACK}:${port}`,
    serve: (endpoint) => {
      for (const listener of endpoint.listeners('request')) server.on('request', listener as RequestListener);
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is in use; set PORT to another one`) : error),
    );
    server.listen(port, host, () => resolvePort((server.address() as { port: number }).port));
  });
}

/** How to reach the API from this machine: a wildcard address is reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return LOOPBACK;
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function stopServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
