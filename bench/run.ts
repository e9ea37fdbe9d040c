// `npm run bench`: Puente's figures, each beside its floor measured in the same run. Prints a
// table and writes bench/results.json. Not a test: it asserts nothing, it measures.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { buildSync } from 'esbuild';
import { JOURNAL_TABLE } from '../infra/local/step-functions/journal.ts';
import { fileMasterKey } from '../functions/store/keys.ts';
import { openItem, recordKeysWith, sealItem } from '../functions/store/sealing.ts';
import { webBudget } from './web-budget.ts';
import { duplicateFigures } from './duplicates.ts';
import { stateMachineName } from '../system/description.ts';
import { system } from '../system/system.ts';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../test/helpers/api.ts';
import { startTestHost, type TestHost } from '../test/helpers/local-host.ts';

const rootDir = resolve(import.meta.dirname, '..');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const median = (values: number[]) => percentile(values, 50);
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const time = async (action: () => Promise<unknown>) => {
  const started = performance.now();
  await action();
  return performance.now() - started;
};

/**
 * Intake beside its floor, two ways. Side by side: an intake, a pause, the floor's transaction, a
 * pause, and again; each meets a quiet system (the submission's workflow has reached its first
 * wait), so the two are measured alike. Back to back: each intake right after the last, so it
 * shares the two cores and DynamoDB Local with the workflows the previous ones started.
 */
async function intake(host: TestHost, documents: DynamoDBDocumentClient) {
  const api = apiClient(host);
  const body = screening();
  const submit = () => api.call('screener', 'POST', '/screenings', body, { 'idempotency-key': newKey() });
  // The floor: the same seven items intake writes (idempotency claim, record, key item, submission, link, first step and its chain claim) in one bare transaction.
  const item = (pk: string, sk: string, extra: Record<string, unknown> = {}) => ({ Put: { TableName: 'puente', Item: { pk, sk, ...extra }, ConditionExpression: 'attribute_not_exists(pk)' } });
  let floorWrites = 0;
  const bareTransaction = () => {
    const id = `bench-${floorWrites++}-${Date.now()}`;
    return documents.send(
      new TransactWriteCommand({
        TransactItems: [
          item(`IDEMPOTENCY#${id}`, 'IDEMPOTENCY', { bodyHash: 'x'.repeat(64) }),
          item(`CASE#${id}`, 'RECORD', { boardPk: 'BENCH', boardSk: id, recentPk: 'BENCH', recentSk: id, stage: 'intake' }),
          item(`KEY#CASE#${id}`, 'KEY', { wrappedKey: 'x'.repeat(80) }),
          item(`CASE#${id}`, `SUBMISSION#${id}`, { answers: body.answers }),
          item(`CASE#${id}`, `LINK#org`, { inboxPk: 'BENCH', inboxSk: id }),
          item(`CASE#${id}`, `STEP#${id}`, { event: 'submitted', hash: 'x'.repeat(64) }),
          item(`CASE#${id}`, `CHAIN#${id}`, { hash: 'x'.repeat(64) }),
        ],
      }),
    );
  };
  for (let i = 0; i < 30; i++) {
    await submit();
    await bareTransaction();
  }
  const pause = () => new Promise((resolve) => setTimeout(resolve, 400));
  const samples = 200;
  const latencies: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < samples; i++) {
    await pause();
    latencies.push(await time(submit));
    await pause();
    floor.push(await time(bareTransaction));
  }
  const backToBack: number[] = [];
  const floorBackToBack: number[] = [];
  for (let i = 0; i < samples; i++) backToBack.push(await time(submit));
  await new Promise((resolve) => setTimeout(resolve, 3000)); // the last workflows settle: the floor runs alone
  for (let i = 0; i < samples; i++) floorBackToBack.push(await time(bareTransaction));
  const sustained = async (clients: number, seconds: number) => {
    let done = 0;
    let errors = 0;
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (Date.now() < until) {
          const answer = await api.call('screener', 'POST', '/screenings', body, { 'idempotency-key': newKey() });
          if (answer.status === 201) done++;
          else errors++;
        }
      }),
    );
    return { perSecond: done / seconds, errors };
  };
  const at8 = await sustained(8, 10);
  const at32 = await sustained(32, 10);
  return {
    ...besideFloor(latencies, floor),
    per_s_8: round(at8.perSecond, 1),
    per_s_32: round(at32.perSecond, 1),
    errors: at8.errors + at32.errors,
    samples,
    back_to_back: besideFloor(backToBack, floorBackToBack),
  };
}

/**
 * What sealing costs, beside the requests it is part of, in the same run: the cryptography an
 * intake adds (a new data key wrapped by the master key, the answers sealed) and a case view adds
 * (the key unwrapped, the answers opened), against the intake and the case view measured through
 * the API. Puente has no unsealed mode to race against — a switch that stores answers in the clear
 * is a switch someone leaves on — so "without" is the request less its measured cryptography.
 */
async function protection(host: TestHost, intakeP50: number) {
  const api = apiClient(host);
  const keys = recordKeysWith(await fileMasterKey(join(host.dataDir, 'master.key')), { cache: { ttlSeconds: 0, entries: 1 } });
  const answers = screening().answers;
  const sealing: number[] = [];
  const opening: number[] = [];
  for (let i = 0; i < 300; i++) {
    const pk = `CASE#c-bench${i}`;
    let keyItem: Awaited<ReturnType<typeof keys.newRecordKey>>['keyItem'] | undefined;
    let sealed: Record<string, unknown> = {};
    sealing.push(
      await time(async () => {
        const made = await keys.newRecordKey(pk);
        keyItem = made.keyItem;
        sealed = sealItem(made.key, { pk, sk: 'SUBMISSION#x', answers }, ['answers']);
      }),
    );
    opening.push(await time(async () => openItem(await keys.openRecordKey(keyItem!), sealed as never)));
  }
  const { caseId } = (await api.call('screener', 'POST', '/screenings', screening(), { 'idempotency-key': newKey() })).body;
  const views: number[] = [];
  for (let i = 0; i < 200; i++) views.push(await time(() => api.call('screener', 'GET', `/cases/${caseId}`)));
  const without = (total: number, crypto: number) => round(total / (total - crypto));
  return {
    intake_p50_ms: intakeP50,
    intake_crypto_p50_ms: round(median(sealing), 3),
    intake_ratio_p50: without(intakeP50, median(sealing)),
    view_p50_ms: round(median(views)),
    view_crypto_p50_ms: round(median(opening), 3),
    view_ratio_p50: without(median(views), median(opening)),
    master_key_calls_per_case: 1,
  };
}

/** Median and p99 of some latencies and of their floor, and the ratios between them. */
function besideFloor(latencies: number[], floor: number[]) {
  return {
    p50_ms: round(median(latencies)),
    p99_ms: round(percentile(latencies, 99)),
    floor_p50_ms: round(median(floor)),
    floor_p99_ms: round(percentile(floor, 99)),
    ratio_p50: round(median(latencies) / median(floor)),
    ratio_p99: round(percentile(latencies, 99) / percentile(floor, 99)),
  };
}

/** The length of the union of [from, to] intervals. */
function busyTime(intervals: [number, number][]): number {
  let busy = 0;
  let reached = -Infinity;
  for (const [from, to] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (to <= reached) continue;
    busy += to - Math.max(from, reached);
    reached = to;
  }
  return busy;
}

/**
 * A case execution from its start to its first callback wait (the placement request's handler
 * returning), against the time its task handlers ran: both read from the engine's journal, which
 * notes when each handler was invoked and when it returned. The rest is the engine's.
 */
async function workflow(host: TestHost, documents: DynamoDBDocumentClient) {
  const api = apiClient(host);
  const stepFunctions = new SFNClient({ endpoint: host.stepFunctionsEndpoint, region: 'us-east-1', credentials });
  const overheads: number[] = [];
  const walls: number[] = [];
  const handlerTimes: number[] = [];
  let taskStates = 0;
  const { stateMachines = [] } = await stepFunctions.send(new ListStateMachinesCommand({}));
  const executionPrefix = stateMachines.find((machine) => machine.name === stateMachineName('case'))!.stateMachineArn!.replace(':stateMachine:', ':execution:');
  for (let i = 0; i < 20; i++) {
    const { caseId } = (await api.call('screener', 'POST', '/screenings', screening({ ...likelyLabourTrafficking, shelterNeeded: 'yes', consentLawEnforcement: 'yes' }), { 'idempotency-key': newKey() })).body;
    // Executions are named after their record.
    const executionArn = `${executionPrefix}:${caseId}`;
    let tasks: Record<string, any>[] = [];
    for (;;) {
      const { Items = [] } = await documents.send(
        new QueryCommand({ TableName: JOURNAL_TABLE, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)', ExpressionAttributeValues: { ':pk': `EXECUTION#${executionArn}`, ':task': 'TASK#' } }),
      );
      tasks = Items;
      if (tasks.some((task) => task.stateName === 'RequestPlacement' && task.handlerReturnedAt)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const start = (await stepFunctions.send(new DescribeExecutionCommand({ executionArn }))).startDate!.getTime();
    const firstWait = tasks.find((task) => task.stateName === 'RequestPlacement')!.handlerReturnedAt;
    const returnedAt = (task: Record<string, any>) => task.handlerReturnedAt ?? task.settledAt;
    const before = tasks.filter((task) => returnedAt(task) !== undefined && returnedAt(task) <= firstWait);
    // Branches run side by side: count the time at least one handler was running, not their sum.
    const handlerMs = busyTime(before.map((task) => [task.enteredAt, returnedAt(task)]));
    const wall = firstWait - start;
    taskStates = before.length;
    walls.push(wall);
    handlerTimes.push(handlerMs);
    overheads.push((wall - handlerMs) / before.length);
  }
  return {
    overhead_ms_per_state: round(median(overheads)),
    wall_ms_to_first_wait: round(median(walls)),
    handler_ms_to_first_wait: round(median(handlerTimes)),
    task_states_to_first_wait: taskStates,
  };
}

/** GET /cases?stage= and GET /tasks with the table at 1k, 10k and 100k cases: Queries on indexes, so flat. */
async function board(host: TestHost, documents: DynamoDBDocumentClient) {
  const api = apiClient(host);
  const result: Record<string, number> = {};
  let loaded = 0;
  const loadTo = async (total: number) => {
    const items: Record<string, unknown>[] = [];
    for (let i = loaded; i < total; i++) {
      const id = `c-bench${String(i).padStart(8, '0')}`;
      const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
      items.push({ pk: `CASE#${id}`, sk: 'RECORD', id, kind: 'case', stage: 'referral', createdAt: at, updatedAt: at, createdByOrg: 'org-coalition-screening', boardPk: 'CASES#referral', boardSk: `${at}#${id}`, recentPk: 'CASES', recentSk: `${at}#${id}`, assessment: { riskLevel: 'medium', flags: [] } });
      // Every tenth case has an open task at some shelter; shelter2's inbox stays the same size.
      if (i % 10 === 0) {
        const org = i < 500 ? 'org-shelter-men' : `org-bench-${i % 97}`;
        items.push({ pk: `CASE#${id}`, sk: `TASK#${id}.t`, taskId: `${id}.t`, parentId: id, parentKind: 'case', kind: 'placement', status: 'open', assigneeOrg: org, assigneeRole: 'shelter', dueAt: at, createdAt: at, token: 'x', inboxPk: `ORG#${org}#OPEN`, inboxSk: `${at}#${id}.t`, duePk: 'OPEN_TASKS_BENCH', dueSk: at });
      }
    }
    const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < batches.length) {
          let items = batches[next++].map((Item) => ({ PutRequest: { Item } }));
          while (items.length) {
            const { UnprocessedItems } = await documents.send(new BatchWriteCommand({ RequestItems: { puente: items } }));
            items = (UnprocessedItems?.puente ?? []) as typeof items;
          }
        }
      }),
    );
    loaded = total;
  };
  const measure = async (user: string, path: string) => {
    for (let i = 0; i < 20; i++) await api.call(user, 'GET', path);
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) samples.push(await time(() => api.call(user, 'GET', path)));
    return samples;
  };
  for (const [label, total] of [['1k', 1_000], ['10k', 10_000], ['100k', 100_000]] as const) {
    const started = Date.now();
    await loadTo(total);
    console.error(`  loaded ${total} cases (${Math.round((Date.now() - started) / 1000)} s)`);
    const cases = await measure('coordinator', '/cases?stage=referral&limit=25');
    const tasks = await measure('shelter2', '/tasks');
    result[`p50_ms_${label}`] = round(median(cases));
    result[`p99_ms_${label}`] = round(percentile(cases, 99));
    result[`inbox_p50_ms_${label}`] = round(median(tasks));
    result[`inbox_p99_ms_${label}`] = round(percentile(tasks, 99));
  }
  result.growth_1k_to_100k = round(result.p50_ms_100k / result.p50_ms_1k);
  result.inbox_growth_1k_to_100k = round(result.inbox_p50_ms_100k / result.inbox_p50_ms_1k);
  return result;
}

/** Each Lambda bundle as the CDK builds it (esbuild, minified ESM, SDK external), and its import time in a fresh Node 22. */
function bundles() {
  const out = join(rootDir, 'bench/.bundles');
  rmSync(out, { recursive: true, force: true });
  const handlers = new Set([
    ...system.routes.map((route) => route.handler),
    ...system.workflows.flatMap((workflow) => Object.values(workflow.tasks).map((task) => task.handler)),
    ...system.schedules.map((schedule) => schedule.handler),
    system.executionStatusHandler!.handler,
  ]);
  const byFunction: Record<string, { kb: number; init_ms: number }> = {};
  for (const handler of handlers) {
    const name = handler.replace(/^functions\//, '').replace(/\.ts$/, '').replace(/\//g, '-');
    const file = join(out, name, 'index.mjs');
    mkdirSync(join(out, name), { recursive: true });
    buildSync({
      entryPoints: [join(rootDir, handler)],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      banner: { js: "import{createRequire}from'module';const require=createRequire(import.meta.url);" },
      outfile: file,
      logLevel: 'silent',
    });
    const inits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`], {
        env: { ...process.env, TABLE_NAME: 'puente', AWS_REGION: 'us-east-1' },
        encoding: 'utf8',
      });
      inits.push(Number(run.stdout.trim()));
    }
    byFunction[name] = { kb: round(statSync(file).size / 1024, 1), init_ms: round(median(inits)) };
  }
  const largest = Object.entries(byFunction).sort((a, b) => b[1].kb - a[1].kb)[0];
  const slowest = Object.entries(byFunction).sort((a, b) => b[1].init_ms - a[1].init_ms)[0];
  return { largest: largest[0], largest_kb: largest[1].kb, largest_init_ms: largest[1].init_ms, slowest_init: slowest[0], slowest_init_ms: slowest[1].init_ms, by_function: byFunction };
}

const started = Date.now();
console.error('bundles…');
const bundleFigures = bundles();
const host = await startTestHost();
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials }));
try {
  console.error('intake…');
  const intakeFigures = await intake(host, documents);
  console.error('workflow…');
  const workflowFigures = await workflow(host, documents);
  console.error('protection…');
  const protectionFigures = await protection(host, intakeFigures.p50_ms);
  console.error('field app…');
  const webFigures = await webBudget(host);
  console.error('board…');
  const boardFigures = await board(host, documents);
  console.error('duplicates…');
  const duplicates = duplicateFigures();
  const results = {
    measuredAt: new Date().toISOString(),
    machine: { cores: (await import('node:os')).cpus().length, node: process.version },
    intake: intakeFigures,
    workflow: workflowFigures,
    protection: protectionFigures,
    web: webFigures,
    board: boardFigures,
    bundles: bundleFigures,
    duplicates,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(rootDir, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const target = (ok: boolean) => (ok ? 'meets target' : 'SHORT of target');
  const rows: [string, string, string][] = [
    ['intake p50 / floor, side by side', `${intakeFigures.p50_ms} / ${intakeFigures.floor_p50_ms} ms = ${intakeFigures.ratio_p50}×`, target(intakeFigures.ratio_p50 <= 3)],
    ['intake p99 / floor, side by side', `${intakeFigures.p99_ms} / ${intakeFigures.floor_p99_ms} ms = ${intakeFigures.ratio_p99}×`, target(intakeFigures.ratio_p99 <= 5)],
    ['intake back to back', `${intakeFigures.back_to_back.p50_ms} / ${intakeFigures.back_to_back.floor_p50_ms} ms = ${intakeFigures.back_to_back.ratio_p50}× (p99 ${intakeFigures.back_to_back.ratio_p99}×)`, 'shares the cores with the workflows'],
    ['intake sustained', `${intakeFigures.per_s_8}/s at 8 clients, ${intakeFigures.per_s_32}/s at 32, ${intakeFigures.errors} errors`, target(intakeFigures.errors === 0)],
    ['sealing, intake', `${protectionFigures.intake_crypto_p50_ms} ms of ${protectionFigures.intake_p50_ms} ms = ${protectionFigures.intake_ratio_p50}× without`, target(protectionFigures.intake_ratio_p50 <= 1.2)],
    ['sealing, case view', `${protectionFigures.view_crypto_p50_ms} ms of ${protectionFigures.view_p50_ms} ms = ${protectionFigures.view_ratio_p50}× without`, 'one master-key call per case'],
    ['field app JavaScript', `${webFigures.screener_js_gzip_kb} KB gzip before the interview`, target(webFigures.screener_js_gzip_kb <= 100)],
    ['field app at 400 kbit/s', `first ${webFigures.first_visit_ms} ms, repeat ${webFigures.repeat_visit_ms} ms, offline ${webFigures.offline_visit_ms} ms`, target(webFigures.first_visit_ms <= 5000 && webFigures.repeat_visit_ms <= 1000 && webFigures.offline_visit_ms <= 1000)],
    ['engine overhead', `${workflowFigures.overhead_ms_per_state} ms per task state (${workflowFigures.task_states_to_first_wait} states, ${workflowFigures.wall_ms_to_first_wait} ms to first wait)`, target(workflowFigures.overhead_ms_per_state <= 5)],
    ['board p50 1k/10k/100k', `${boardFigures.p50_ms_1k} / ${boardFigures.p50_ms_10k} / ${boardFigures.p50_ms_100k} ms, growth ${boardFigures.growth_1k_to_100k}×`, target(boardFigures.growth_1k_to_100k <= 1.3)],
    ['inbox p50 1k/10k/100k', `${boardFigures.inbox_p50_ms_1k} / ${boardFigures.inbox_p50_ms_10k} / ${boardFigures.inbox_p50_ms_100k} ms, growth ${boardFigures.inbox_growth_1k_to_100k}×`, target(boardFigures.inbox_growth_1k_to_100k <= 1.3)],
    ['duplicates, labelled pairs', `precision ${duplicates.precision}, recall ${duplicates.recall} on ${duplicates.pairs} pairs`, target(duplicates.precision >= 0.9 && duplicates.recall >= 0.9)],
    ['largest bundle', `${bundleFigures.largest} ${bundleFigures.largest_kb} KB, init ${bundleFigures.largest_init_ms} ms`, target(bundleFigures.largest_kb <= 250 && bundleFigures.largest_init_ms <= 30)],
  ];
  const width = Math.max(...rows.map((row) => row[0].length));
  console.log(rows.map(([name, figure, verdict]) => `${name.padEnd(width)}  ${figure}  [${verdict}]`).join('\n'));
  console.log(`bench/results.json written (${results.durationSeconds} s)`);
} finally {
  await host.stop();
}
