// `npm run bench`: Puente's figures, each beside its floor measured in the same run. Sections run in
// the order of `sections` below; `npm run bench -- intake workflow` runs the named ones alone. Each
// section's figures replace its entry in bench/results.json (the others stay as they were), and
// bench/README.md's figure tables are written again from that file. Not a test: it measures.
// BENCH_SAMPLES=0.1 scales every sample count down, for a quick trial; figures worth quoting use 1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { JOURNAL_TABLE } from '../infra/local/step-functions/journal.ts';
import { fileMasterKey } from '../functions/store/keys.ts';
import { openItem, recordKeysWith, sealItem } from '../functions/store/sealing.ts';
import { webBudget } from './web-budget.ts';
import { deployedBundles, type DeployedBundle } from './deployed-bundles.ts';
import { awsCost, bundleName } from './aws-cost.ts';
import { duplicateFigures } from './duplicates.ts';
import { mixedScreening } from './cases.ts';
import { figureRows, writeReadme } from './readme.ts';
import { stateMachineName } from '../system/description.ts';
import { system } from '../system/system.ts';
import { apiClient, likelyLabourTrafficking, newKey, screening, type Answer } from '../test/helpers/api.ts';
import { startTestHost, type TestHost } from '../test/helpers/local-host.ts';

const rootDir = resolve(import.meta.dirname, '..');
const resultsFile = join(rootDir, 'bench/results.json');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const scale = Number(process.env.BENCH_SAMPLES ?? 1);
/** A sample count as written, or scaled down for a trial run. */
const samples = (count: number) => Math.max(4, Math.round(count * scale));

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const median = (values: number[]) => percentile(values, 50);
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Counts what a loop's requests answered: `timed` gives the time of a call that answered `status`,
 * and notes any other answer (or a throw) as an error, its time left out of the figures.
 */
function answers() {
  const errors: Record<string, number> = {};
  const timed = async (status: number, call: () => Promise<Answer | unknown>): Promise<number | undefined> => {
    const started = performance.now();
    let got: string;
    try {
      const answer = await call();
      const answered = (answer as Answer | undefined)?.status;
      if (answered === undefined || answered === status) return performance.now() - started;
      got = String(answered);
    } catch (error) {
      got = (error as Error).name;
    }
    errors[got] = (errors[got] ?? 0) + 1;
    return undefined;
  };
  const count = () => Object.values(errors).reduce((a, b) => a + b, 0);
  return { timed, errors, count };
}

interface Context {
  /** The shared host (started on first use, on a fresh data dir). */
  host: () => Promise<TestHost>;
  documents: () => Promise<DynamoDBDocumentClient>;
  /** Figures already in bench/results.json, with those of this run's earlier sections. */
  results: Record<string, any>;
}

/**
 * Intake beside its floor, two ways, each floor measured in the same condition as the intake it
 * is set against. Side by side: an intake, a pause, the floor's transaction, a pause, and again;
 * each meets a quiet system (the submission's workflow has reached its first wait). Back to back:
 * an intake right after the last, and the floor right after it, no pause: both share the two
 * cores and DynamoDB Local with the workflows the previous intakes started. The screenings are a
 * mix (light ones, referral-heavy ones, a separated child's): the workflows they start differ.
 */
async function intake({ host: startHost, documents: documentsOf }: Context) {
  const host = await startHost();
  const documents = await documentsOf();
  const api = apiClient(host);
  let submitted = 0;
  const submit = () => api.call('screener', 'POST', '/screenings', mixedScreening(submitted++), { 'idempotency-key': newKey() });
  // The floor: the same seven items intake writes (idempotency claim, record, key item, submission, link, first step and its chain claim) in one bare transaction.
  const item = (pk: string, sk: string, extra: Record<string, unknown> = {}) => ({ Put: { TableName: 'puente', Item: { pk, sk, ...extra }, ConditionExpression: 'attribute_not_exists(pk)' } });
  let floorWrites = 0;
  const bareTransaction = () => {
    const id = `bench-${floorWrites}-${Date.now()}`;
    const { answers } = mixedScreening(floorWrites++);
    return documents.send(
      new TransactWriteCommand({
        TransactItems: [
          item(`IDEMPOTENCY#${id}`, 'IDEMPOTENCY', { bodyHash: 'x'.repeat(64) }),
          item(`CASE#${id}`, 'RECORD', { boardPk: 'BENCH', boardSk: id, recentPk: 'BENCH', recentSk: id, stage: 'intake' }),
          item(`KEY#CASE#${id}`, 'KEY', { wrappedKey: 'x'.repeat(80) }),
          item(`CASE#${id}`, `SUBMISSION#${id}`, { answers }),
          item(`CASE#${id}`, `LINK#org`, { inboxPk: 'BENCH', inboxSk: id }),
          item(`CASE#${id}`, `STEP#${id}`, { event: 'submitted', hash: 'x'.repeat(64) }),
          item(`CASE#${id}`, `CHAIN#${id}`, { hash: 'x'.repeat(64) }),
        ],
      }),
    );
  };
  const warm = answers();
  for (let i = 0; i < 30; i++) {
    await warm.timed(201, submit);
    await warm.timed(200, bareTransaction);
  }
  const count = samples(200);
  const sideBySide = { intake: [] as number[], floor: [] as number[], ...answers() };
  for (let i = 0; i < count; i++) {
    await pause(400);
    const latency = await sideBySide.timed(201, submit);
    if (latency !== undefined) sideBySide.intake.push(latency);
    await pause(400);
    const floor = await sideBySide.timed(200, bareTransaction);
    if (floor !== undefined) sideBySide.floor.push(floor);
  }
  const backToBack = { intake: [] as number[], floor: [] as number[], ...answers() };
  for (let i = 0; i < count; i++) {
    const latency = await backToBack.timed(201, submit);
    if (latency !== undefined) backToBack.intake.push(latency);
    const floor = await backToBack.timed(200, bareTransaction);
    if (floor !== undefined) backToBack.floor.push(floor);
  }
  await pause(5000); // the workflows the loops started settle before the sustained load
  /** Clients posting for `seconds`; only the requests that completed inside the window count. */
  const sustainedStatuses: Record<string, number> = {};
  const sustained = async (clients: number, seconds: number) => {
    let done = 0;
    let errors = 0;
    const started = Date.now();
    const until = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (Date.now() < until) {
          let status = 'no answer';
          try {
            status = String((await submit()).status);
          } catch {
            // a refused connection is an error like any other answer
          }
          if (Date.now() > until) break;
          if (status === '201') done++;
          else {
            errors++;
            sustainedStatuses[status] = (sustainedStatuses[status] ?? 0) + 1;
          }
        }
      }),
    );
    return { perSecond: done / seconds, errors };
  };
  const at8 = await sustained(8, 10);
  const at32 = await sustained(32, 10);
  return {
    ...besideFloor(sideBySide.intake, sideBySide.floor),
    errors: sideBySide.count(),
    samples: count,
    back_to_back: { ...besideFloor(backToBack.intake, backToBack.floor), errors: backToBack.count() },
    per_s_8: round(at8.perSecond, 1),
    per_s_32: round(at32.perSecond, 1),
    sustained_errors: at8.errors + at32.errors,
    sustained_error_statuses: sustainedStatuses,
    error_statuses: { side_by_side: sideBySide.errors, back_to_back: backToBack.errors },
  };
}

/**
 * What sealing costs, beside the requests it is part of, in the same run: the cryptography an
 * intake adds (a new data key wrapped by the master key, the answers sealed) and a case view adds
 * (the key unwrapped, the answers opened), against the intake and the case view measured through
 * the API. Puente has no unsealed mode to race against — a switch that stores answers in the clear
 * is a switch someone leaves on — so "without" is the request less its measured cryptography.
 */
async function protection({ host: startHost }: Context) {
  const host = await startHost();
  const api = apiClient(host);
  const keys = recordKeysWith(await fileMasterKey(join(host.dataDir, 'master.key')), { cache: { ttlSeconds: 0, entries: 1 } });
  const answersOf = screening().answers;
  const sealing: number[] = [];
  const opening: number[] = [];
  for (let i = 0; i < samples(300); i++) {
    const pk = `CASE#c-bench${i}`;
    let keyItem: Awaited<ReturnType<typeof keys.newRecordKey>>['keyItem'] | undefined;
    let sealed: Record<string, unknown> = {};
    let started = performance.now();
    const made = await keys.newRecordKey(pk);
    keyItem = made.keyItem;
    sealed = sealItem(made.key, { pk, sk: 'SUBMISSION#x', answers: answersOf }, ['answers']);
    sealing.push(performance.now() - started);
    started = performance.now();
    openItem(await keys.openRecordKey(keyItem!), sealed as never);
    opening.push(performance.now() - started);
  }
  const loop = answers();
  const intakes: number[] = [];
  let caseId: string | undefined;
  for (let i = 0; i < samples(100); i++) {
    await pause(200);
    let answer: Answer | undefined;
    const latency = await loop.timed(201, async () => (answer = await api.call('screener', 'POST', '/screenings', screening(), { 'idempotency-key': newKey() })));
    if (latency !== undefined) intakes.push(latency);
    caseId ??= answer?.status === 201 ? answer.body.caseId : undefined;
  }
  const views: number[] = [];
  for (let i = 0; i < samples(200); i++) {
    const latency = await loop.timed(200, () => api.call('screener', 'GET', `/cases/${caseId}`));
    if (latency !== undefined) views.push(latency);
  }
  const without = (total: number, crypto: number) => round(total / (total - crypto));
  return {
    intake_p50_ms: round(median(intakes)),
    intake_crypto_p50_ms: round(median(sealing), 3),
    intake_ratio_p50: without(median(intakes), median(sealing)),
    view_p50_ms: round(median(views)),
    view_crypto_p50_ms: round(median(opening), 3),
    view_ratio_p50: without(median(views), median(opening)),
    errors: loop.count(),
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
 * notes when each handler itself started and returned (after the journal write that entered its
 * task, before the one that records its return). The rest is the engine's: its journal writes,
 * the interpreter, the routing states.
 */
async function workflow() {
  // A host of its own: after the intake section the shared host's shelters have no bed left, and
  // a case without one never reaches the placement request this figure stops at.
  const host = await startTestHost();
  try {
    return await workflowOn(host, DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials })));
  } finally {
    await host.stop();
  }
}

async function workflowOn(host: TestHost, documents: DynamoDBDocumentClient) {
  const api = apiClient(host);
  const stepFunctions = new SFNClient({ endpoint: host.stepFunctionsEndpoint, region: 'us-east-1', credentials });
  const overheads: number[] = [];
  const walls: number[] = [];
  const handlerTimes: number[] = [];
  const taskStates: number[] = [];
  let errors = 0;
  const { stateMachines = [] } = await stepFunctions.send(new ListStateMachinesCommand({}));
  const executionPrefix = stateMachines.find((machine) => machine.name === stateMachineName('case'))!.stateMachineArn!.replace(':stateMachine:', ':execution:');
  for (let i = 0; i < samples(20); i++) {
    const answer = await api.call('screener', 'POST', '/screenings', screening({ ...likelyLabourTrafficking, shelterNeeded: 'yes', consentLawEnforcement: 'yes' }), { 'idempotency-key': newKey() });
    if (answer.status !== 201) {
      errors++;
      continue;
    }
    // Executions are named after their record.
    const executionArn = `${executionPrefix}:${answer.body.caseId}`;
    let tasks: Record<string, any>[] = [];
    const until = Date.now() + 30_000;
    for (;;) {
      if (Date.now() > until) break;
      const { Items = [] } = await documents.send(
        new QueryCommand({ TableName: JOURNAL_TABLE, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)', ExpressionAttributeValues: { ':pk': `EXECUTION#${executionArn}`, ':task': 'TASK#' } }),
      );
      tasks = Items;
      if (tasks.some((task) => task.stateName === 'RequestPlacement' && task.handlerReturnedAt)) break;
      await pause(20);
    }
    // No placement request within 30 s: an error, not a wait without end.
    if (!tasks.some((task) => task.stateName === 'RequestPlacement' && task.handlerReturnedAt)) {
      errors++;
      continue;
    }
    const start = (await stepFunctions.send(new DescribeExecutionCommand({ executionArn }))).startDate!.getTime();
    const firstWait = tasks.find((task) => task.stateName === 'RequestPlacement')!.handlerReturnedAt;
    const before = tasks.filter((task) => task.handlerReturnedAt !== undefined && task.handlerReturnedAt <= firstWait);
    // Branches run side by side: count the time at least one handler was running, not their sum.
    const handlerMs = busyTime(before.map((task) => [task.handlerStartedAt, task.handlerReturnedAt]));
    const wall = firstWait - start;
    taskStates.push(before.length);
    walls.push(wall);
    handlerTimes.push(handlerMs);
    overheads.push((wall - handlerMs) / before.length);
  }
  return {
    overhead_ms_per_state: round(median(overheads)),
    wall_ms_to_first_wait: round(median(walls)),
    handler_ms_to_first_wait: round(median(handlerTimes)),
    task_states_to_first_wait: median(taskStates),
    errors,
  };
}

/** GET /cases?stage= and GET /tasks with the table at 1k, 10k and 100k cases: Queries on indexes, so flat. */
async function board({ host: startHost, documents: documentsOf }: Context) {
  const host = await startHost();
  const documents = await documentsOf();
  const api = apiClient(host);
  const result: Record<string, number> = {};
  const loop = answers();
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
    for (let i = 0; i < 20; i++) await loop.timed(200, () => api.call(user, 'GET', path));
    const latencies: number[] = [];
    for (let i = 0; i < samples(200); i++) {
      const latency = await loop.timed(200, () => api.call(user, 'GET', path));
      if (latency !== undefined) latencies.push(latency);
    }
    return latencies;
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
  result.errors = loop.count();
  return result;
}

/**
 * Each Lambda bundle exactly as the stack deploys it (built through infra/aws's own `Handlers`
 * construct and read from the synthesised assembly: bench/deployed-bundles.ts), imported in a
 * fresh Node with the function's environment from the template (NODE_OPTIONS included). Its floor:
 * a bundle of nothing but the bare import of the AWS SDK modules that bundle imports at load (read
 * from the bundle itself), built by the same construct and run with the same environment. Bundle
 * and floor are imported in turn, in passes over every function (the order alternating), so that
 * what else runs on the machine weighs on both alike; each figure (wall-clock, and the process's
 * CPU time) is the median of its imports. A failed import is an error, never a time.
 */
function bundles() {
  const out = join(rootDir, 'bench/.bundles');
  rmSync(out, { recursive: true, force: true });
  const handlers = [
    ...new Set([
      ...system.routes.map((route) => route.handler),
      ...system.workflows.flatMap((workflow) => Object.values(workflow.tasks).map((task) => task.handler)),
      ...system.schedules.map((schedule) => schedule.handler),
      ...(system.queues ?? []).map((queue) => queue.handler),
      system.executionStatusHandler!.handler,
    ]),
  ];
  const deployed = deployedBundles(rootDir, handlers, join(out, 'functions'));
  // The SDK modules a bundle loads with it (static imports; a dynamic import waits for first use).
  const sdkOf = new Map(
    handlers.map((handler) => {
      const { metafile } = buildSync({ entryPoints: [deployed.get(handler)!.file], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', external: ['@aws-sdk/*'], logLevel: 'silent' });
      const imports = Object.values(metafile!.inputs).flatMap((input) => input.imports.filter((imported) => imported.external && imported.kind === 'import-statement' && imported.path.startsWith('@aws-sdk/')).map((imported) => imported.path));
      return [handler, [...new Set(imports)].sort()];
    }),
  );
  // One floor module per set of SDK modules, bundled as a function of its own.
  const floorModule = (sdk: string[]) => `bench/.bundles/floors/${sdk.map((module) => module.replace('@aws-sdk/', '')).join('+') || 'none'}.ts`;
  mkdirSync(join(out, 'floors'), { recursive: true });
  for (const sdk of sdkOf.values()) {
    writeFileSync(join(rootDir, floorModule(sdk)), sdk.map((module) => `import ${JSON.stringify(module)};`).join('\n') + '\n');
  }
  const floors = deployedBundles(rootDir, [...new Set([...sdkOf.values()].map(floorModule))], join(out, 'floors-assembly'));

  /** Wall-clock and CPU milliseconds to import `bundle` in a fresh Node with its function's environment, or undefined when the import failed. */
  const importTime = ({ file, environment }: DeployedBundle): { wall: number; cpu: number } | undefined => {
    const script = `const c=process.cpuUsage(),t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});const w=performance.now()-t,u=process.cpuUsage(c);console.log(JSON.stringify({wall:w,cpu:(u.user+u.system)/1000}))`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH, ...environment, TABLE_NAME: 'puente', AWS_REGION: 'us-east-1' }, encoding: 'utf8' });
    try {
      const times = JSON.parse(run.stdout);
      if (run.status === 0 && Number.isFinite(times.wall) && Number.isFinite(times.cpu)) return times;
    } catch {
      // not a figure: told below
    }
    console.error(`  import of ${file} failed: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
    return undefined;
  };
  const times = new Map(handlers.map((handler) => [handler, { inits: [] as number[], initsCpu: [] as number[], floors: [] as number[], floorsCpu: [] as number[], errors: 0 }]));
  for (let pass = 0; pass < samples(10); pass++) {
    console.error(`  pass ${pass + 1} of ${samples(10)} over ${handlers.length} functions`);
    for (const handler of pass % 2 ? [...handlers].reverse() : handlers) {
      const measured = times.get(handler)!;
      const bundle = deployed.get(handler)!;
      const floor = floors.get(floorModule(sdkOf.get(handler)!))!;
      const [init, floorTime] = pass % 2 ? [floor, bundle].map(importTime).reverse() : [bundle, floor].map(importTime);
      if (init === undefined || floorTime === undefined) measured.errors++;
      if (init) {
        measured.inits.push(init.wall);
        measured.initsCpu.push(init.cpu);
      }
      if (floorTime) {
        measured.floors.push(floorTime.wall);
        measured.floorsCpu.push(floorTime.cpu);
      }
    }
  }
  type Figures = { kb: number; init_ms: number | null; init_cpu_ms: number | null; sdk: string[]; sdk_floor_init_ms: number | null; sdk_floor_cpu_ms: number | null; init_ratio: number | null; cpu_ratio: number | null; errors: number };
  const byFunction: Record<string, Figures> = {};
  const medianOf = (values: number[]) => (values.length ? round(median(values)) : null);
  const ratio = (value: number | null, floor: number | null) => (value !== null && floor ? round(value / floor) : null);
  for (const handler of handlers) {
    const { inits, initsCpu, floors: floorTimes, floorsCpu, errors } = times.get(handler)!;
    const sdk = sdkOf.get(handler)!;
    const [init, initCpu] = [medianOf(inits), medianOf(initsCpu)];
    const [floor, floorCpu] = sdk.length ? [medianOf(floorTimes), medianOf(floorsCpu)] : [null, null];
    byFunction[bundleName(handler)] = { kb: round(statSync(deployed.get(handler)!.file).size / 1024, 1), init_ms: init, init_cpu_ms: initCpu, sdk, sdk_floor_init_ms: floor, sdk_floor_cpu_ms: floorCpu, init_ratio: ratio(init, floor), cpu_ratio: ratio(initCpu, floorCpu), errors };
  }
  const entries = Object.entries(byFunction);
  const largest = entries.sort((a, b) => b[1].kb - a[1].kb)[0];
  const slowest = [...entries].sort((a, b) => (b[1].init_ms ?? Infinity) - (a[1].init_ms ?? Infinity))[0];
  // The worst bundle: the one whose init is furthest above the SDK it loads.
  const worst = [...entries].filter(([, figures]) => figures.init_ratio !== null).sort((a, b) => b[1].init_ratio! - a[1].init_ratio!)[0];
  const worstCpu = [...entries].filter(([, figures]) => figures.cpu_ratio !== null).sort((a, b) => b[1].cpu_ratio! - a[1].cpu_ratio!)[0];
  return {
    // How busy the machine was (1-minute load average at the end of the section): the wall-clock figures move with it.
    load_average: round(loadavg()[0]),
    node_options: [...new Set([...deployed.values()].map((bundle) => bundle.environment.NODE_OPTIONS ?? ''))].join(' | '),
    imports_per_figure: samples(10),
    largest: largest[0],
    largest_kb: largest[1].kb,
    largest_init_ms: largest[1].init_ms,
    slowest_init: slowest[0],
    slowest_init_ms: slowest[1].init_ms,
    worst_ratio: worst?.[0] ?? null,
    sdk_floor_init_ms: worst?.[1].sdk_floor_init_ms ?? null,
    init_ratio: worst?.[1].init_ratio ?? null,
    // The same in CPU time: the worst bundle by it, and its ratio.
    cpu_ratio_worst: worstCpu?.[0] ?? null,
    cpu_ratio: worstCpu?.[1].cpu_ratio ?? null,
    errors: entries.reduce((sum, [, figures]) => sum + figures.errors, 0),
    by_function: byFunction,
  };
}

/** Every section, in the order a full run takes them (board last: it loads 100k cases into the shared host). */
const sections: Record<string, (context: Context) => Promise<Record<string, unknown>> | Record<string, unknown>> = {
  bundles,
  intake,
  workflow,
  protection,
  web: async ({ host }) => webBudget(await host()),
  board,
  duplicates: () => duplicateFigures(),
  aws_cost: ({ results }) => awsCost({ cases: samples(40), bundleInits: results.bundles?.by_function, bundlesMeasuredAt: results.sections?.bundles?.measuredAt }),
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in sections));
if (unknown.length) {
  console.error(`No section ${unknown.join(', ')}; the sections are: ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}
const results: Record<string, any> = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
let host: TestHost | undefined;
let documents: DynamoDBDocumentClient | undefined;
const context: Context = {
  host: async () => (host ??= await startTestHost()),
  documents: async () => (documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: (await context.host()).dynamodbEndpoint, region: 'us-east-1', credentials }))),
  results,
};
try {
  for (const name of Object.keys(sections).filter((name) => !chosen.length || chosen.includes(name))) {
    console.error(`${name}…`);
    const started = Date.now();
    results[name] = await sections[name](context);
    results.sections = { ...results.sections, [name]: { measuredAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), samplesScale: scale } };
    results.machine = { cores: cpus().length, node: process.version };
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  }
} finally {
  await host?.stop();
}
const rows = figureRows(results);
const width = Math.max(...rows.map((row) => row[0].length));
console.log(rows.map(([name, figure, floor, verdict]) => `${name.padEnd(width)}  ${figure}  ${floor}  [${verdict}]`).join('\n'));
writeReadme(results);
console.log('bench/results.json and bench/README.md written');
