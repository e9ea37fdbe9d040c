// What Puente would cost on AWS, from counts measured on the local host: cases taken from intake to
// closed through the HTTP API, every handler invocation (the host's REPORT lines), every DynamoDB
// request unit (a proxy asks DynamoDB Local for each request's consumed capacity), every state an
// execution entered (the engine's journal), every master-key call (DEBUG log lines, a KMS request
// each on AWS). Prices come from one dated file; what the stack costs whatever the traffic is read
// from the synthesised template and listed apart.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PuenteStack } from '../infra/aws/puente-stack.ts';
import { JOURNAL_TABLE } from '../infra/local/step-functions/journal.ts';
import { MASTER_KEY_CALL, RECORD_KEY_FROM_MEMORY } from '../functions/store/keys.ts';
import { demoUsers } from '../system/demo.ts';
import { system } from '../system/system.ts';
import { apiClient, newKey } from '../test/helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../test/helpers/local-host.ts';
import { capacityBetween, capacityProxy } from './capacity-proxy.ts';
import { caseProfiles, mixedScreening } from './cases.ts';

const rootDir = join(import.meta.dirname, '..');
const prices = JSON.parse(readFileSync(join(import.meta.dirname, 'prices-us-east-1.json'), 'utf8'));
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const MONTH_SECONDS = 30 * 24 * 3600;
/** How long Lambda keeps an idle execution environment: an assumption (AWS does not publish it). */
const KEEP_WARM_SECONDS = 300;
/** 512 MB of Lambda gets 512/1769 of a vCPU; the local host runs each handler on a whole core. */
const CPU_SHARE_FACTOR = 1769 / 512;
const VOLUMES = [1_000, 10_000, 100_000];

/**
 * What each organisation answers: everything accepted, so each case runs to its end. When the
 * network's shelters are full the coordinator gets an escalation, resolved outside the network.
 */
const decisions: Record<string, unknown> = {
  placement: { outcome: 'accepted' },
  escalation: { resolution: 'placed_outside_network' },
  'determination-review': { determination: 'likely' },
  'consent-review': { lawEnforcement: 'no' },
  'asylum-referral': { outcome: 'registered' },
  guardianship: { guardianAppointed: 'yes', bestInterestsAssessmentOpened: 'yes' },
  'liaison-referral': { outcome: 'acknowledged' },
};

interface Invocations {
  [handler: string]: { invocations: number; billedMs: number };
}

/** The REPORT lines in some of the host's output, by handler. */
function invocationsIn(output: string): Invocations {
  const byHandler: Invocations = {};
  for (const [, handler, ms] of output.matchAll(/^REPORT Function: (\S+) Duration: ([\d.]+) ms$/gm)) {
    const entry = (byHandler[handler] ??= { invocations: 0, billedMs: 0 });
    entry.invocations++;
    entry.billedMs += Math.ceil(Number(ms)); // Lambda bills each invocation in whole milliseconds, rounded up
  }
  return byHandler;
}

/**
 * Master-key calls (KMS requests on AWS) in some of the host's output, by operation, and record
 * keys served from memory instead. Locally every handler shares one process and so one key cache;
 * on AWS each function has its own, so a key one handler opened is opened again by the next.
 */
function keyUseIn(output: string) {
  const calls: Record<string, number> = {};
  let fromMemory = 0;
  for (const line of output.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"level":"DEBUG"')) continue;
    const { message, operation } = JSON.parse(line);
    if (message === MASTER_KEY_CALL) calls[operation] = (calls[operation] ?? 0) + 1;
    if (message === RECORD_KEY_FROM_MEMORY) fromMemory++;
  }
  return { calls, fromMemory };
}

/** Bytes of the log lines handlers wrote at INFO and above (what CloudWatch Logs would ingest of theirs). */
function handlerLogBytesIn(output: string): number {
  let bytes = 0;
  for (const line of output.split('\n')) if (line.startsWith('{') && !line.includes('"level":"DEBUG"')) bytes += Buffer.byteLength(line) + 1;
  return bytes;
}

/** The stack as synthesised (no bundling): what it runs whatever the traffic. */
function synthesisedStack() {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'puente-bench-cdk-')), context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PuenteStack(app, 'Puente-bench', { system, stage: 'bench', rootDir, env: { account: '123456789012', region: 'us-east-1' } });
  const resources = Object.values<{ Type: string; Properties?: Record<string, any> }>(app.synth().getStackByName(stack.stackName).template.Resources);
  const ofType = (type: string) => resources.filter((resource) => resource.Type === type);
  const alarmMetrics = ofType('AWS::CloudWatch::Alarm').reduce((sum, alarm) => sum + (alarm.Properties?.Metrics ? alarm.Properties.Metrics.filter((metric: any) => metric.MetricStat).length : 1), 0);
  // Puente's own functions (not the CDK's helper that copies the web app into its bucket).
  const puente = ofType('AWS::Lambda::Function').filter((fn) => fn.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'puente');
  return {
    kmsKeys: ofType('AWS::KMS::Key').length,
    alarms: ofType('AWS::CloudWatch::Alarm').length,
    alarmMetrics,
    webAcls: ofType('AWS::WAFv2::WebACL').length,
    distributions: ofType('AWS::CloudFront::Distribution').length,
    userPools: ofType('AWS::Cognito::UserPool').length,
    functions: puente.length,
    memoryMb: Math.max(...puente.map((fn) => fn.Properties!.MemorySize)),
  };
}

/**
 * Takes `cases` cases from intake to closed the way people would: the screener submits and reads
 * the case back; for each referral its organisation opens its inbox, reads the case and decides;
 * the coordinator looks at the board once per case and reads the closed case. Open tasks and
 * finished executions are found by reading DynamoDB Local and the engine directly (not counted).
 */
async function runCases(host: TestHost, cases: number) {
  const api = apiClient(host);
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials }));
  const stepFunctions = new SFNClient({ endpoint: host.stepFunctionsEndpoint, region: 'us-east-1', credentials });
  const errors: string[] = [];
  const expect = async (call: Promise<{ status: number; body: any }>, status: number, what: string) => {
    const answer = await call;
    if (answer.status !== status) errors.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    return answer;
  };
  const caseIds: string[] = [];
  for (let i = 0; i < cases; i++) {
    const { body } = await expect(api.call('screener', 'POST', '/screenings', mixedScreening(i), { 'idempotency-key': newKey() }), 201, `intake (${caseProfiles[i % caseProfiles.length].name})`);
    if (!body?.caseId) continue;
    caseIds.push(body.caseId);
    await expect(api.call('screener', 'GET', `/cases/${body.caseId}`), 200, 'screener reads the case');
    await expect(api.call('coordinator', 'GET', '/cases?stage=referral&limit=25'), 200, 'coordinator board');
  }
  const ours = new Set(caseIds);
  // The first demo user of each organisation answers for it (the coordinator, not the admin).
  const userOf = new Map([...demoUsers].reverse().map((user) => [user.organisationId, user.username]));
  const decided = new Set<string>();
  const decidedByKind: Record<string, number> = {};
  const { stateMachines = [] } = await stepFunctions.send(new ListStateMachinesCommand({}));
  const running = async () => {
    let count = 0;
    for (const machine of stateMachines) count += (await stepFunctions.send(new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn, statusFilter: 'RUNNING', maxResults: 1000 }))).executions?.length ?? 0;
    return count;
  };
  let records: (Record<string, any> | undefined)[] = [];
  await eventually(
    async () => {
      for (const organisationId of new Set(demoUsers.map((user) => user.organisationId))) {
        const { Items = [] } = await documents.send(new QueryCommand({ TableName: 'puente', IndexName: 'inbox', KeyConditionExpression: 'inboxPk = :pk', ExpressionAttributeValues: { ':pk': `ORG#${organisationId}#OPEN` } }));
        const open = Items.filter((task) => ours.has(task.parentId) && !decided.has(task.taskId));
        if (!open.length) continue;
        const user = userOf.get(organisationId)!;
        await expect(api.call(user, 'GET', '/tasks'), 200, `${user} inbox`);
        for (const task of open) {
          decided.add(task.taskId);
          decidedByKind[task.kind] = (decidedByKind[task.kind] ?? 0) + 1;
          await expect(api.call(user, 'GET', `/cases/${task.parentId}`), 200, `${user} reads the case`);
          const decision = decisions[task.kind];
          if (!decision) {
            errors.push(`no decision for a ${task.kind} task`);
            continue;
          }
          const answer = await api.call(user, 'POST', `/tasks/${task.taskId}/decision`, decision);
          // A full shelter declines, and the workflow asks the next one (or escalates).
          if (answer.status === 409 && answer.body?.error?.code === 'NO_FREE_BED') {
            decidedByKind['placement declined: full'] = (decidedByKind['placement declined: full'] ?? 0) + 1;
            await expect(api.call(user, 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'declined', reason: 'full' }), 200, `${user} declines a placement`);
          } else if (answer.status !== 200) errors.push(`${user} decides ${task.kind}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        }
      }
      records = await Promise.all(caseIds.map(async (id) => (await documents.send(new GetCommand({ TableName: 'puente', Key: { pk: `CASE#${id}`, sk: 'RECORD' } }))).Item));
      return records.every((record) => record?.stage === 'closed') && (await running()) === 0 ? true : undefined;
    },
    120_000 + cases * 3000,
    `${cases} cases to close`,
  ).catch((error) => {
    const stages = records.reduce<Record<string, number>>((counts, record) => ({ ...counts, [record?.stage ?? 'missing']: (counts[record?.stage ?? 'missing'] ?? 0) + 1 }), {});
    throw new Error(`${error.message}; stages ${JSON.stringify(stages)}; errors ${JSON.stringify(errors.slice(0, 5))}`);
  });
  for (const id of caseIds) await expect(api.call('coordinator', 'GET', `/cases/${id}`), 200, 'coordinator reads the closed case');
  // States entered by every execution that ran (the cases' and their liaison workflows).
  let transitions = 0;
  let executions = 0;
  for (const machine of stateMachines) {
    let nextToken: string | undefined;
    do {
      const page = await stepFunctions.send(new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn, maxResults: 1000, nextToken }));
      for (const execution of page.executions ?? []) {
        if (!ours.has(execution.name!.replace(/-liaison$/, ''))) continue;
        const { Item } = await documents.send(new GetCommand({ TableName: JOURNAL_TABLE, Key: { pk: `EXECUTION#${execution.executionArn}`, sk: 'EXECUTION' } }));
        executions++;
        // A Standard workflow is billed for each state entered; its start counts as one transition too.
        transitions += (Item?.statesEntered ?? 0) + 1;
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return { closed: caseIds.length, decisions: decidedByKind, errors, transitions, executions };
}

/** The monthly bill of `perCase` usage at each volume, with the fixed costs apart. */
function monthlyCost(perCase: Record<string, number>, coldStartsPerCase: (volume: number) => number, fixedUsd: number) {
  const usd = (volume: number) => {
    const lambdaRequests = perCase.lambda_invocations * prices.lambda.perRequest;
    const gbSeconds = ((perCase.lambda_billed_ms + coldStartsPerCase(volume)) / 1000) * (perCase.memory_mb / 1024);
    return {
      lambda: lambdaRequests + gbSeconds * prices.lambda.perGbSecond,
      step_functions: perCase.state_transitions * prices.stepFunctions.perStateTransition,
      dynamodb: perCase.write_request_units * prices.dynamodb.perWriteRequestUnit + perCase.read_request_units * prices.dynamodb.perReadRequestUnit,
      kms: perCase.kms_requests * prices.kms.perRequest,
      api_gateway: perCase.api_requests * prices.apiGateway.perRequest,
      cloudwatch_logs: (perCase.log_bytes / 1e9) * prices.cloudWatch.logsIngestionPerGb,
    };
  };
  const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
  return VOLUMES.map((volume) => {
    const perCaseUsd = usd(volume);
    const variable = Object.values(perCaseUsd).reduce((a, b) => a + b, 0) * volume;
    return {
      cases_per_month: volume,
      variable_usd: round6(variable),
      fixed_usd: round6(fixedUsd),
      total_usd: round6(variable + fixedUsd),
      per_1000_cases_variable_usd: round6((variable / volume) * 1000),
      breakdown_usd: Object.fromEntries(Object.entries(perCaseUsd).map(([service, value]) => [service, round6(value * volume)])),
    };
  });
}

export async function awsCost(options: { cases: number; bundleInits?: Record<string, { init_ms: number | null }>; bundlesMeasuredAt?: string }) {
  const proxy = await capacityProxy();
  // Schedules are held back while cases run (their cost is fixed, measured apart below).
  const env = { PUENTE_HANDLERS_DYNAMODB_ENDPOINT: proxy.endpoint, PUENTE_INVOCATION_REPORTS: 'on', POWERTOOLS_LOG_LEVEL: 'DEBUG', PUENTE_SCHEDULE_SECONDS: '86400' };
  let host = await startTestHost({ env, onDynamoDb: (endpoint) => proxy.target(endpoint) });
  try {
    const from = host.output().length;
    const capacityBefore = proxy.counts();
    const run = await runCases(host, options.cases);
    const output = host.output().slice(from);
    const capacity = capacityBetween(capacityBefore, proxy.counts());
    const invocations = invocationsIn(output);
    const { calls: keyCalls, fromMemory: keysFromMemory } = keyUseIn(output);
    const cases = run.closed;

    // The schedules, each run alone on the same data: every 2 s here, at their own cadence on AWS.
    await host.stop();
    host = await startTestHost({ dataDir: host.dataDir, env: { ...env, PUENTE_SCHEDULE_SECONDS: '2' }, onDynamoDb: (endpoint) => proxy.target(endpoint) });
    const scheduleFrom = host.output().length;
    const scheduleCapacityBefore = proxy.counts();
    const sweep = system.schedules.find((schedule) => schedule.name === 'overdue-sweep')!;
    await eventually(async () => ((invocationsIn(host.output().slice(scheduleFrom))[sweep.handler]?.invocations ?? 0) >= 5 ? true : undefined), 60_000, 'five schedule runs');
    const scheduleInvocations = invocationsIn(host.output().slice(scheduleFrom));
    const scheduleCapacity = capacityBetween(scheduleCapacityBefore, proxy.counts());

    const stack = synthesisedStack();
    const lambdaInvocations = Object.values(invocations).reduce((sum, entry) => sum + entry.invocations, 0);
    const billedMs = Object.values(invocations).reduce((sum, entry) => sum + entry.billedMs, 0);
    const apiRequests = Object.entries(invocations).filter(([handler]) => system.routes.some((route) => route.handler === handler)).reduce((sum, [, entry]) => sum + entry.invocations, 0);
    // Costed as if no key were ever served from memory (each invocation in an environment of its own): an upper bound.
    const kmsRequests = Object.values(keyCalls).reduce((a, b) => a + b, 0) + keysFromMemory;
    // Lambda's own lines per invocation (START, END, REPORT in JSON: about 600 bytes), the API's access
    // log line (about 400), and the workflows' logs at level ALL without execution data (about
    // 2 events of about 350 bytes per state): estimated sizes, counted per measured request.
    const logBytes = handlerLogBytesIn(output) + lambdaInvocations * 600 + apiRequests * 400 + run.transitions * 700;
    const perCase = {
      lambda_invocations: lambdaInvocations / cases,
      lambda_billed_ms: billedMs / cases,
      memory_mb: stack.memoryMb,
      api_requests: apiRequests / cases,
      state_transitions: run.transitions / cases,
      // Step Functions status events EventBridge delivers (an execution's end): AWS service events, not charged.
      status_events: (invocations[system.executionStatusHandler!.handler]?.invocations ?? 0) / cases,
      executions: run.executions / cases,
      read_request_units: capacity.readUnits / cases,
      write_request_units: (capacity.writeUnits + capacity.refusedWriteUnits) / cases,
      kms_requests: kmsRequests / cases,
      log_bytes: logBytes / cases,
    };
    // Cold starts: a function's first invocation after KEEP_WARM_SECONDS without one pays its
    // module init (billed since August 2025). Cases spread evenly over the month (Poisson).
    const coldInitMsPerCase = (volume: number) => {
      const quietChance = Math.exp(-(volume / MONTH_SECONDS) * KEEP_WARM_SECONDS);
      let initMs = 0;
      for (const handler of Object.keys(invocations)) {
        const init = options.bundleInits?.[bundleName(handler)]?.init_ms;
        if (init !== undefined && init !== null) initMs += quietChance * init;
      }
      return initMs;
    };
    // Fixed: what the stack costs with no case at all.
    const sweepRuns = MONTH_SECONDS / Math.max(60, sweep.everySeconds);
    const perSweep = (handler: string) => scheduleInvocations[handler] ? scheduleInvocations[handler].billedMs / scheduleInvocations[handler].invocations : 0;
    const sweepRunsMeasured = scheduleInvocations[sweep.handler]?.invocations ?? 1;
    const fixed = {
      kms_keys_usd: stack.kmsKeys * prices.kms.perCustomerManagedKeyMonth,
      alarms_usd: round(stack.alarmMetrics * prices.cloudWatch.perAlarmMetricMonth, 2),
      schedules_usd: round(
        system.schedules.reduce((sum, schedule) => {
          const runs = MONTH_SECONDS / Math.max(60, schedule.everySeconds);
          return sum + runs * (prices.lambda.perRequest + (perSweep(schedule.handler) / 1000) * (stack.memoryMb / 1024) * prices.lambda.perGbSecond);
        }, 0) +
          // Their DynamoDB units, all charged at the overdue sweep's cadence (an upper bound: both ran together here).
          sweepRuns * ((scheduleCapacity.readUnits / sweepRunsMeasured) * prices.dynamodb.perReadRequestUnit + (scheduleCapacity.writeUnits / sweepRunsMeasured) * prices.dynamodb.perWriteRequestUnit),
        2,
      ),
      waf_usd: stack.webAcls ? null : 0,
    };
    const fixedUsd = fixed.kms_keys_usd + fixed.alarms_usd + fixed.schedules_usd;
    const months = monthlyCost(perCase, coldInitMsPerCase, fixedUsd);
    // If every millisecond (init included) took as long as a 512 MB share of a core makes CPU-bound work.
    const slowLambda = monthlyCost({ ...perCase, lambda_billed_ms: perCase.lambda_billed_ms * CPU_SHARE_FACTOR }, (volume) => coldInitMsPerCase(volume) * CPU_SHARE_FACTOR, fixedUsd);
    const per1000 = months[0].per_1000_cases_variable_usd;
    return {
      region: prices.region,
      prices_as_of: prices.pricesAsOf,
      cases_measured: cases,
      case_mix: caseProfiles.map((profile) => profile.name),
      decisions: run.decisions,
      errors: run.errors.length,
      error_samples: run.errors.slice(0, 5),
      per_case: Object.fromEntries(Object.entries(perCase).map(([name, value]) => [name, round(value, 3)])),
      per_case_by_function: Object.fromEntries(Object.entries(invocations).map(([handler, entry]) => [bundleName(handler), { invocations: round(entry.invocations / cases, 3), billed_ms: round(entry.billedMs / cases, 1) }])),
      dynamodb_requests_per_case: Object.fromEntries(Object.entries(capacity.requests).map(([operation, count]) => [operation, round(count / cases, 2)])),
      dynamodb_index_write_units_per_case: round(capacity.indexWriteUnits / cases, 3),
      // Refused writes (optimistic concurrency: a claim taken first elsewhere), with their estimated units in write_request_units.
      dynamodb_refused_writes_per_case: Object.fromEntries(Object.entries(capacity.refusedWrites).map(([name, count]) => [name, round(count / cases, 3)])),
      dynamodb_refused_write_units_per_case: round(capacity.refusedWriteUnits / cases, 3),
      kms_requests_by_operation_per_case: Object.fromEntries(Object.entries(keyCalls).map(([operation, count]) => [operation, round(count / cases, 3)])),
      record_keys_from_memory_per_case: round(keysFromMemory / cases, 3),
      per_1000_cases_usd: per1000,
      target_per_1000_cases_usd: 1,
      meets_target: per1000 <= 1,
      per_1000_cases_usd_if_lambda_cpu_bound: slowLambda[0].per_1000_cases_variable_usd,
      monthly: months,
      fixed_monthly_usd: { ...fixed, total: round(fixedUsd, 2) },
      stack: stack,
      schedule_runs_measured: sweepRunsMeasured,
      assumptions: {
        keep_warm_seconds: KEEP_WARM_SECONDS,
        cold_starts: 'a function used by a case starts cold when no case came in the previous keep_warm_seconds (cases spread evenly over the month); each cold start bills its bundle init as measured by the bundles section',
        bundle_inits_measured_at: options.bundleInits ? (options.bundlesMeasuredAt ?? 'unknown') : 'no bundle figures: cold starts not costed',
        cpu_share_factor: round(CPU_SHARE_FACTOR, 2),
        free_tiers: 'not subtracted',
        not_counted: 'X-Ray traces (sampled: 1 per second then 5 %), CloudFront and S3 for the web app, Cognito (free below 10,000 monthly active staff), DynamoDB storage and backups (about 0.25 + 0.20 USD per GB-month), data transfer, the KMS requests DynamoDB, Step Functions and CloudWatch Logs make with the stack key (each caches its data keys for minutes)',
      },
    };
  } finally {
    await host.stop();
    await proxy.close();
  }
}

/** The bundle name of a handler module, as the bundles section names it. */
export function bundleName(handler: string): string {
  return handler.replace(/^functions\//, '').replace(/\.ts$/, '').replace(/\//g, '-');
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
