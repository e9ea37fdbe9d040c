// The paths the other integration tests do not take, end to end through the HTTP API of one local
// host: every human step that can slip its deadline, the sweep sending a decision the workflow
// never got, the triage of tips, the determination-review branch, form versions at intake, and
// paging with cursors (filters applied while the board is read).
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { taskDeadlineSeconds } from '../../functions/domain/policy.ts';
import { freePort } from '../../infra/local/free-port.ts';
import { apiClient, likelyLabourTrafficking, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';
import { labourTip, timeline, workflowSteps } from '../helpers/workflow-steps.ts';

// Short deadlines for the steps whose lapse is tested here; placement, liaison referral,
// determination review, priority inspection and more information keep theirs (hours to days),
// so those tasks stay open while a test needs them.
const shortDeadlines = { 'asylum-referral': 1, guardianship: 1, 'consent-review': 1, escalation: 1, 'inspection-urgent': 1, 'inspection-routine': 2 };

let host: TestHost;
let api: ReturnType<typeof apiClient>;
let steps: ReturnType<typeof workflowSteps>;

beforeAll(async () => {
  host = await startTestHost({
    env: { PUENTE_SCHEDULE_SECONDS: '1', PUENTE_POLICY: JSON.stringify({ reflectionPeriodSeconds: 1, taskDeadlineSeconds: shortDeadlines }) },
  });
  api = apiClient(host);
  steps = workflowSteps(api);
});
afterAll(async () => host?.stop());

const overdueCount = async (kind: string): Promise<number> => {
  const metrics = await api.call('coordinator', 'GET', '/metrics');
  expect(metrics.status).toBe(200);
  return metrics.body.tasks.overdueByKind[kind] ?? 0;
};
const ids = (rows: any[], key = 'caseId') => rows.map((row) => row[key]);
const overdueSteps = (view: any) => view.steps.filter((step: any) => step.event === 'overdue').map((step: any) => [step.summary.kind, step.summary.taskId]);
const tasksOf = (view: any, kind: string) => view.tasks.filter((task: any) => task.kind === kind);

describe('deadlines that slip', () => {
  let onTime: string;

  beforeAll(async () => {
    // Asks nobody for anything: it closes at once, and no deadline of it can slip.
    onTime = await steps.submit(screening());
    await steps.untilClosed('case', onTime);
  });

  /** The slipped deadline is counted once in /metrics, and the overdue board finds the case but not the on-time one. */
  async function expectCounted(caseId: string, kind: string, before: number) {
    expect(await overdueCount(kind), `overdueByKind['${kind}']`).toBe(before + 1);
    const slipped = await steps.allItems('coordinator', '/cases?overdue=true&limit=100');
    expect(slipped.find((row) => row.caseId === caseId)?.overdueTasks).toBe(1);
    expect(ids(slipped)).not.toContain(onTime);
    const row = (await steps.allItems('coordinator', '/cases?limit=100')).find((candidate) => candidate.caseId === onTime);
    expect(row?.overdueTasks).toBe(0);
  }

  test('an asylum referral nobody answers goes overdue: the asylum branch ends failed, the case closes, the authority can no longer decide it', async () => {
    const before = await overdueCount('asylum-referral');
    const caseId = await steps.submit(screening({ fearOfReturn: 'yes', persecutionGrounds: ['religion'] }));
    const closed = await steps.untilClosed('case', caseId);
    const [asylum] = tasksOf(closed, 'asylum-referral');
    expect([asylum.assigneeOrg, asylum.status]).toEqual(['org-asylum-authority', 'overdue']);
    expect(overdueSteps(closed)).toEqual([['asylum-referral', asylum.taskId]]);
    expect(closed.outcome).toEqual({ placement: 'not-needed', asylum: 'failed:TaskOverdue', guardianship: 'not-needed', lawEnforcement: 'not-needed', determinationReview: 'not-needed', duplicates: 'checked' });
    expect(timeline(closed)).toEqual(expect.arrayContaining(['overdue asylum-referral', 'succeeded AsylumBranchFailed', 'succeeded RecordOutcome']));
    const late = await api.call('asylum', 'POST', `/tasks/${asylum.taskId}/decision`, { outcome: 'registered' });
    expect([late.status, late.body.error.code]).toEqual([409, 'TASK_CLOSED']);
    await expectCounted(caseId, 'asylum-referral', before);
  });

  // RecordOutcome once lifted the hold on every case it closed, a lapsed asylum referral's too.
  test('an asylum referral that lapsed keeps the non-refoulement hold: the refugee-status check never answered', async () => {
    const caseId = await steps.submit(screening({ fearOfReturn: 'yes', persecutionGrounds: ['political_opinion'] }));
    const closed = await steps.untilClosed('case', caseId);
    expect(closed.outcome.asylum).toBe('failed:TaskOverdue');
    expect(closed.nonRefoulementHold).toBe(true);
  });

  test('a guardianship nobody answers goes overdue: the child-protection branch ends failed while the law-enforcement branch still takes its answer', async () => {
    const before = await overdueCount('guardianship');
    const caseId = await steps.submit(screening({ ageEstimate: 15, separationStatus: 'accompanied', interviewerConclusion: 'possible_victim' }));
    const liaison = await steps.inboxTask('liaison', caseId, 'liaison-referral');
    const lapsed = await steps.until('case', caseId, (view) => tasksOf(view, 'guardianship')[0]?.status === 'overdue', 'the guardianship to go overdue');
    expect(lapsed.stage).toBe('referral');
    await steps.decide('liaison', liaison.taskId, { outcome: 'acknowledged' });
    const closed = await steps.untilClosed('case', caseId);
    const [guardianship] = tasksOf(closed, 'guardianship');
    expect(guardianship.assigneeOrg).toBe('org-child-protection-office');
    expect(overdueSteps(closed)).toEqual([['guardianship', guardianship.taskId]]);
    expect(closed.outcome).toMatchObject({ guardianship: 'failed:TaskOverdue', lawEnforcement: 'acknowledged' });
    expect(timeline(closed)).toEqual(expect.arrayContaining(['succeeded ChildProtectionBranchFailed', 'decision liaison-referral acknowledged']));
    await expectCounted(caseId, 'guardianship', before);
  });

  test('a consent review the screener lets lapse goes overdue: nothing goes to law enforcement, and the branch ends failed', async () => {
    const before = await overdueCount('consent-review');
    const caseId = await steps.submit(screening({ interviewerConclusion: 'possible_victim', consentLawEnforcement: 'no' }));
    const closed = await steps.untilClosed('case', caseId);
    const [review] = tasksOf(closed, 'consent-review');
    expect([review.assigneeOrg, review.assigneeRole, review.status]).toEqual(['org-coalition-screening', 'screener', 'overdue']);
    expect(overdueSteps(closed)).toEqual([['consent-review', review.taskId]]);
    expect(tasksOf(closed, 'liaison-referral')).toEqual([]);
    expect(closed.outcome).toMatchObject({ lawEnforcement: 'failed:TaskOverdue' });
    expect(timeline(closed)).toEqual(expect.arrayContaining(['succeeded CheckConsent', 'overdue consent-review', 'succeeded LawEnforcementBranchFailed']));
    await expectCounted(caseId, 'consent-review', before);
  });

  test('an escalation no coordinator answers goes overdue: after two declines and a lapsed escalation the placement branch ends failed', async () => {
    const before = await overdueCount('escalation');
    const caseId = await steps.submit(screening({ shelterNeeded: 'yes' }));
    const first = await steps.inboxTask('shelter2', caseId, 'placement');
    await steps.decide('shelter2', first.taskId, { outcome: 'declined', reason: 'full' });
    const second = await steps.inboxTask('shelter4', caseId, 'placement');
    await steps.decide('shelter4', second.taskId, { outcome: 'declined', reason: 'full' });
    const closed = await steps.untilClosed('case', caseId);
    const [escalation] = tasksOf(closed, 'escalation');
    expect([escalation.assigneeOrg, escalation.status]).toEqual(['org-coordination', 'overdue']);
    expect(tasksOf(closed, 'placement').map((task: any) => task.status)).toEqual(['decided', 'decided']);
    expect(overdueSteps(closed)).toEqual([['escalation', escalation.taskId]]);
    expect(closed.outcome).toMatchObject({ placement: 'failed:TaskOverdue' });
    expect(timeline(closed)).toEqual(expect.arrayContaining(['overdue escalation', 'succeeded ShelterBranchFailed']));
    await expectCounted(caseId, 'escalation', before);
  });

  test('a routine inspection nobody reports on goes overdue: its due time is the routine one, a coordinator is asked, and when that lapses too the tip ends failed on the board', async () => {
    const tipId = await steps.submitTip(labourTip({ iloExcessiveOvertime: 'yes' }));
    const failed = await steps.until('tip', tipId, (view) => view.stage === 'failed', 'the tip to fail');
    expect(failed.triage).toBe('routine');
    const [inspection] = tasksOf(failed, 'inspection');
    expect([inspection.assigneeOrg, inspection.status]).toEqual(['org-labour-inspectorate', 'overdue']);
    expect(Date.parse(inspection.dueAt) - Date.parse(inspection.createdAt)).toBe(shortDeadlines['inspection-routine'] * 1000);
    const [escalation] = tasksOf(failed, 'escalation');
    expect([escalation.assigneeOrg, escalation.status]).toEqual(['org-coordination', 'overdue']);
    expect(overdueSteps(failed)).toEqual([
      ['inspection', inspection.taskId],
      ['escalation', escalation.taskId],
    ]);
    expect(failed.steps.find((step: any) => step.event === 'status')?.summary).toEqual({ status: 'FAILED', workflow: 'tip' });
    const board = await steps.allItems('coordinator', '/tips?overdue=true&limit=100');
    expect(board.find((row) => row.tipId === tipId)).toMatchObject({ stage: 'failed', triage: 'routine', overdueTasks: 2 });
  });

  test('a joint inspection nobody reports on goes overdue: a coordinator is asked (escalation), the liaison task stays open and answerable, and the tip does not fail', async () => {
    const tipId = await steps.submitTip(labourTip({ minorsPresent: 'yes', iloExcessiveOvertime: 'yes' }));
    const liaison = await steps.inboxTask('liaison', tipId, 'liaison-referral');
    // The joint inspection lapses, its escalation is opened and lapses too (both 1 s here).
    const lapsed = await steps.until('tip', tipId, (view) => tasksOf(view, 'escalation')[0]?.status === 'overdue', 'the escalation to lapse');
    const [inspection] = tasksOf(lapsed, 'inspection');
    const [escalation] = tasksOf(lapsed, 'escalation');
    expect([inspection.status, Date.parse(inspection.dueAt) - Date.parse(inspection.createdAt)]).toEqual(['overdue', shortDeadlines['inspection-urgent'] * 1000]);
    expect(escalation.assigneeOrg).toBe('org-coordination');
    expect(overdueSteps(lapsed)).toEqual([
      ['inspection', inspection.taskId],
      ['escalation', escalation.taskId],
    ]);
    expect(timeline(lapsed)).toContain('task-opened EscalateJointInspection');
    // Meanwhile the liaison task is open, in the liaison's inbox, and the tip has not failed.
    expect(tasksOf(lapsed, 'liaison-referral').map((task: any) => task.status)).toEqual(['open']);
    expect(lapsed.stage).not.toBe('failed');
    expect((await steps.allItems('liaison', '/tasks?limit=100')).map((task) => task.taskId)).toContain(liaison.taskId);
    await steps.decide('liaison', liaison.taskId, { outcome: 'acknowledged' });
    const closed = await steps.untilClosed('tip', tipId);
    expect(closed.steps.find((step: any) => step.event === 'status')?.summary).toEqual({ status: 'SUCCEEDED', workflow: 'tip' });
    expect(timeline(closed)).toEqual(expect.arrayContaining(['succeeded JointInspectionFailed', 'decision liaison-referral acknowledged', 'succeeded RecordTipOutcome']));
    expect(closed.caseIds).toEqual([]);
  });
});

/**
 * The decision handler run in this process, as the host runs it, but with Step Functions out of
 * reach (a port nobody listens on): its answer to the workflow cannot be sent.
 */
async function decideWithStepFunctionsDown() {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: host.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${await freePort()}`,
    TABLE_NAME: 'puente',
    PUENTE_MASTER_KEY_FILE: join(host.dataDir, 'master.key'),
  });
  const { handler } = await import('../../functions/api/decide-task.ts');
  return async (username: string, taskId: string, decision: unknown) => {
    // The claims the host's JWT authorizer would pass on: the demo user's own token's.
    const claims = JSON.parse(Buffer.from((await api.token(username)).split('.')[1], 'base64url').toString('utf8'));
    const event = {
      routeKey: 'POST /tasks/{taskId}/decision',
      rawPath: `/tasks/${taskId}/decision`,
      headers: { 'content-type': 'application/json' },
      pathParameters: { taskId },
      body: JSON.stringify(decision),
      isBase64Encoded: false,
      requestContext: { requestId: randomUUID(), authorizer: { jwt: { claims } } },
    };
    return (await handler(event, { awsRequestId: randomUUID(), functionName: 'decide-task', getRemainingTimeInMillis: () => 29_000 } as never)) as { statusCode: number; body: string };
  };
}

describe('the overdue sweep', () => {
  test('a decision whose answer could not reach its workflow is kept, and the sweep sends it: the workflow moves on', async () => {
    const caseId = await steps.submit(screening({ shelterNeeded: 'yes' }));
    const placement = await steps.inboxTask('shelter2', caseId, 'placement');
    const decide = await decideWithStepFunctionsDown();
    const answer = await decide('shelter2', placement.taskId, { outcome: 'accepted' });
    expect([answer.statusCode, JSON.parse(answer.body)]).toEqual([200, { taskId: placement.taskId, status: 'decided', resumed: false }]);
    // Only the sweep tells workflows of decisions the decision route could not send.
    const closed = await steps.untilClosed('case', caseId);
    expect(closed.outcome.placement).toBe('accepted');
    expect(tasksOf(closed, 'placement')).toMatchObject([{ taskId: placement.taskId, status: 'decided', outcome: 'accepted' }]);
    expect(timeline(closed)).toEqual(expect.arrayContaining(['decision placement accepted', 'succeeded RecordOutcome']));
    // Nothing is left queued: the resume marker and the token are gone from the task.
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
    const { Item } = await documents.send(new GetCommand({ TableName: 'puente', Key: { pk: `CASE#${caseId}`, sk: `TASK#${placement.taskId}` } }));
    expect(Item).toMatchObject({ status: 'decided' });
    expect([Item!.duePk, Item!.resume, Item!.token]).toEqual([undefined, undefined, undefined]);
  });
});

describe('tips', () => {
  let priority: string;
  let routine: string;
  let insufficient: string;

  test('priority, routine and insufficient tips are triaged, and each reaches the task its triage asks for, due when it says', async () => {
    priority = await steps.submitTip(labourTip({ iloRetentionOfDocuments: 'yes' }));
    routine = await steps.submitTip(labourTip({ iloExcessiveOvertime: 'yes', minorsPresent: 'no' }));
    insufficient = await steps.submitTip(labourTip({ minorsPresent: 'yes' }), 'screener');
    const inspection = await steps.inboxTask('inspector', priority, 'inspection');
    expect(inspection.brief).toMatchObject({ triage: 'priority', indicators: ['iloRetentionOfDocuments'] });
    expect(Date.parse(inspection.dueAt) - Date.parse(inspection.createdAt)).toBe(taskDeadlineSeconds['inspection-priority'] * 1000);

    const routineView = await steps.until('tip', routine, (view) => tasksOf(view, 'inspection').length === 1, 'the routine inspection');
    const [routineInspection] = tasksOf(routineView, 'inspection');
    expect([routineView.triage, routineView.indicators, routineInspection.assigneeOrg]).toEqual(['routine', ['iloExcessiveOvertime'], 'org-labour-inspectorate']);
    expect(Date.parse(routineInspection.dueAt) - Date.parse(routineInspection.createdAt)).toBe(shortDeadlines['inspection-routine'] * 1000);

    // Nothing to inspect: the screener who filed it is asked for more, and no inspection is opened.
    const more = await steps.inboxTask('screener', insufficient, 'more-information');
    await steps.inboxTask('childprotection', insufficient, 'child-protection-notice');
    expect(Date.parse(more.dueAt) - Date.parse(more.createdAt)).toBe(taskDeadlineSeconds['more-information'] * 1000);
    const asked = await steps.read('tip', insufficient);
    expect([asked.triage, asked.indicators]).toEqual(['insufficient', []]);
    // Children were seen: child protection is told at once, beside the request for more information.
    expect(asked.tasks.map((task: any) => [task.kind, task.assigneeOrg, task.assigneeRole]).sort()).toEqual([
      ['child-protection-notice', 'org-child-protection-office', 'child-protection'],
      ['more-information', 'org-coalition-screening', 'screener'],
    ]);
    await steps.decide('screener', more.taskId, { information: 'The workers had left before the visit.' });
    const closed = await steps.untilClosed('tip', insufficient);
    expect(timeline(closed)).toEqual(expect.arrayContaining(['decision more-information answered', 'succeeded RecordTipOutcome']));
  });

  test('GET /tips?triage= lists the tips of that triage only, to the coordination and to the organisations that work on them', async () => {
    const mine = { priority, routine, insufficient } as Record<string, string>;
    for (const [triage, tipId] of Object.entries(mine)) {
      const rows = await steps.allItems('coordinator', `/tips?triage=${triage}&limit=100`);
      expect(rows.every((row) => row.triage === triage), `every row of triage=${triage}`).toBe(true);
      expect(ids(rows, 'tipId')).toContain(tipId);
      for (const other of Object.values(mine).filter((candidate) => candidate !== tipId)) expect(ids(rows, 'tipId')).not.toContain(other);
    }
    expect(ids(await steps.allItems('inspector', '/tips?triage=priority&limit=100'), 'tipId')).toContain(priority);
    expect(ids(await steps.allItems('inspector', '/tips?triage=routine&limit=100'), 'tipId')).toContain(routine);
    expect(ids(await steps.allItems('inspector', '/tips?limit=100'), 'tipId')).not.toContain(insufficient);
    const screeners = ids(await steps.allItems('screener', '/tips?limit=100'), 'tipId');
    expect(screeners).toContain(insufficient);
    expect(screeners).not.toContain(priority);
    expect(ids(await steps.allItems('screener', '/tips?triage=priority&limit=100'), 'tipId')).toEqual([]);
    expect((await api.call('coordinator', 'GET', '/tips?triage=severe')).status).toBe(400);
  });

  test('GET /tips/{tipId}: the inspectorate and the coordination read a tip; a screener reads the one its organisation filed and no other', async () => {
    const byInspector = await steps.read('tip', priority, 'inspector');
    expect(byInspector).toMatchObject({ tipId: priority, triage: 'priority', answers: { workplaceName: 'Finca La Prueba', iloRetentionOfDocuments: 'yes' } });
    const byCoordinator = await steps.read('tip', priority, 'coordinator');
    expect(timeline(byCoordinator)).toEqual(expect.arrayContaining(['submitted', 'succeeded TriageTip', 'task-opened RequestInspection']));
    const byScreener = await steps.read('tip', insufficient, 'screener');
    expect(byScreener).toMatchObject({ tipId: insufficient, triage: 'insufficient', stage: 'closed', answers: { minorsPresent: 'yes' } });
    expect((await api.call('screener', 'GET', `/tips/${priority}`)).status).toBe(404);
    expect((await api.call('inspector', 'GET', `/tips/${insufficient}`)).status).toBe(404);
    expect((await api.call('shelter1', 'GET', `/tips/${priority}`)).status).toBe(403);
  });
});

describe('the determination-review branch', () => {
  test('the assessment says likely but the interviewer concluded not_a_victim: a coordinator reviews, and the branch closes with the word decided', async () => {
    const caseId = await steps.submit(screening({ ...likelyLabourTrafficking, interviewerConclusion: 'not_a_victim' }));
    const review = await steps.inboxTask('coordinator', caseId, 'determination-review');
    expect(Date.parse(review.dueAt) - Date.parse(review.createdAt)).toBe(taskDeadlineSeconds['determination-review'] * 1000);
    const open = await steps.read('case', caseId);
    expect([open.assessment.determination, open.assessment.interviewerConclusion, open.assessment.referrals.determinationReview]).toEqual(['likely', 'not_a_victim', true]);
    expect(tasksOf(open, 'determination-review').map((task: any) => [task.assigneeOrg, task.assigneeRole, task.status])).toEqual([['org-coordination', 'coordinator', 'open']]);
    expect((await api.call('coordinator', 'POST', `/tasks/${review.taskId}/decision`, { determination: 'certain' })).status).toBe(400);
    await steps.decide('coordinator', review.taskId, { determination: 'possible', notes: 'Recruitment by a relative; reviewed with the team.' });
    const liaison = await steps.inboxTask('liaison', caseId, 'liaison-referral');
    await steps.decide('liaison', liaison.taskId, { outcome: 'acknowledged' });
    const closed = await steps.untilClosed('case', caseId);
    expect(closed.outcome).toEqual({ placement: 'not-needed', asylum: 'not-needed', guardianship: 'not-needed', lawEnforcement: 'acknowledged', determinationReview: 'possible', duplicates: 'checked' });
    expect(timeline(closed)).toContain('decision determination-review possible');
  });

  test('when the interviewer agrees with the assessment, no review is asked for', async () => {
    const caseId = await steps.submit(screening({ ...likelyLabourTrafficking, interviewerConclusion: 'presumed_victim' }));
    const liaison = await steps.inboxTask('liaison', caseId, 'liaison-referral');
    await steps.decide('liaison', liaison.taskId, { outcome: 'acknowledged' });
    const closed = await steps.untilClosed('case', caseId);
    expect(closed.outcome.determinationReview).toBe('not-needed');
    expect(tasksOf(closed, 'determination-review')).toEqual([]);
  });
});

describe('form versions at intake', () => {
  test('POST /screenings takes each published version of the interview, and refuses another with 400 naming formVersion', async () => {
    const listed = (await api.call('screener', 'GET', '/forms')).body.forms.find((form: any) => form.id === 'screening-interview');
    expect(listed.versions.length).toBeGreaterThanOrEqual(1);
    for (const version of listed.versions) {
      expect((await api.call('screener', 'GET', `/forms/screening-interview?version=${version}`)).body.version).toBe(version);
      const caseId = await steps.submit({ ...screening(), formVersion: version });
      expect((await steps.read('case', caseId)).submission).toMatchObject({ formId: 'screening-interview', formVersion: version });
    }
    const unknown = Math.max(...listed.versions) + 1;
    expect((await api.call('screener', 'GET', `/forms/screening-interview?version=${unknown}`)).status).toBe(404);
    const before = ids(await steps.allItems('coordinator', '/cases?limit=100'));
    for (const formVersion of [unknown, 0, '1', 1.5]) {
      const refused = await api.call('screener', 'POST', '/screenings', { ...screening(), formVersion }, { 'idempotency-key': randomUUID() });
      expect([refused.status, refused.body.error.code], `formVersion ${JSON.stringify(formVersion)}`).toEqual([400, 'INVALID_REQUEST']);
      expect(Object.keys(refused.body.error.fields)).toEqual(['formVersion']);
    }
    expect(ids(await steps.allItems('coordinator', '/cases?limit=100'))).toEqual(before);
  });
});

describe('cursors', () => {
  /** Waits until the coordinator's case board reads the same twice in a row (no workflow is moving records). */
  const steadyBoard = () =>
    eventually(async () => {
      const first = JSON.stringify(await steps.allItems('coordinator', '/cases?limit=100'));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const second = await steps.allItems('coordinator', '/cases?limit=100');
      return JSON.stringify(second) === first ? second : undefined;
    }, 60_000, 'a steady board');

  /** Follows the cursor from `path` (limit=1) to the end: every page's items, in order. */
  async function walk(user: string, path: string) {
    const pages: any[][] = [];
    let cursor: string | undefined;
    do {
      const answer = await api.call(user, 'GET', `${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      pages.push(answer.body.items);
      cursor = answer.body.cursor;
    } while (cursor && pages.length < 500);
    return pages;
  }

  test('GET /cases?limit=1 and its cursor walk every case once, in board order, without repeats', async () => {
    const board = await steadyBoard();
    expect(board.length).toBeGreaterThan(5);
    const pages = await walk('coordinator', '/cases?limit=1');
    expect(pages.every((page) => page.length <= 1)).toBe(true);
    expect(ids(pages.flat())).toEqual(ids(board));
  });

  test('GET /tasks?limit=1 pages through an organisation’s inbox with a cursor, each open task once', async () => {
    const caseIds = await Promise.all([1, 2, 3].map(() => steps.submit(screening({ interviewerConclusion: 'possible_victim' }))));
    for (const caseId of caseIds) await steps.inboxTask('liaison', caseId, 'liaison-referral');
    const inbox = await steps.allItems('liaison', '/tasks?limit=100');
    const pages = await walk('liaison', '/tasks?limit=1');
    expect(pages.every((page) => page.length <= 1)).toBe(true);
    const walked = pages.flat().map((task) => task.taskId);
    expect(walked).toEqual(inbox.map((task) => task.taskId));
    expect(new Set(walked).size).toBe(walked.length);
    expect(pages.flat().filter((task) => caseIds.includes(task.caseId))).toHaveLength(3);
  });

  const cursorOf = async (user: string, path: string) => {
    const answer = await api.call(user, 'GET', path);
    expect(answer.body.cursor, `${path} gives a cursor`).toEqual(expect.any(String));
    return answer.body.cursor as string;
  };
  /** Each listing's answer to a cursor, as "user path cursor → status code field". */
  async function answersTo(cases: [string, string, string][]) {
    const answers = [];
    for (const [user, path, cursor] of cases) {
      const answer = await api.call(user, 'GET', `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`);
      answers.push(`${user} ${path} ${cursor.slice(0, 24)} → ${answer.status} ${answer.body?.error?.code} ${Object.keys(answer.body?.error?.fields ?? {})}`);
    }
    return answers;
  }
  const refused = (cases: [string, string, string][]) => cases.map(([user, path, cursor]) => `${user} ${path} ${cursor.slice(0, 24)} → 400 INVALID_REQUEST cursor`);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  test('a foreign or garbled cursor, or one made for another index, gets 400 naming the cursor, never a 5xx', async () => {
    const casesCursor = await cursorOf('coordinator', '/cases?limit=1');
    const liaisonInboxCursor = await cursorOf('liaison', '/tasks?limit=1');
    const cases: [string, string, string][] = [
      ['coordinator', '/cases', 'e30'],
      ['coordinator', '/tips', 'e30'],
      ['liaison', '/tasks', 'e30'],
      ['coordinator', '/cases', 'not-base64!'],
      ['coordinator', '/cases', encode([1, 2])],
      ['coordinator', '/cases', encode('cursor')],
      ['coordinator', '/cases', encode({ pk: 1, sk: 1, recentPk: 1, recentSk: 1 })],
      ['liaison', '/tasks', encode({ pk: 'x', sk: 'y', inboxPk: { S: 'x' }, inboxSk: 'z' })],
      ['coordinator', '/cases', liaisonInboxCursor],
      ['coordinator', '/cases?stage=closed', casesCursor],
    ];
    expect(await answersTo(cases)).toEqual(refused(cases));
  });

  // A cursor was once checked for its index's key names only, and DynamoDB refused the foreign partition (a 500).
  test('a cursor made for another listing on the same index (tips for cases, one inbox for another) gets 400, not 500', async () => {
    const tipsCursor = await cursorOf('coordinator', '/tips?limit=1');
    const liaisonInboxCursor = await cursorOf('liaison', '/tasks?limit=1');
    const cases: [string, string, string][] = [
      ['coordinator', '/cases', tipsCursor],
      ['asylum', '/tasks', liaisonInboxCursor],
      ['liaison', '/cases', liaisonInboxCursor],
    ];
    expect(await answersTo(cases)).toEqual(refused(cases));
  });

  test('a board filter with limit=1 finds a match further down the board: filters are applied while reading', async () => {
    // A critical-risk child whose asylum referral lapses: it matches risk=critical, flag=child and overdue=true.
    const match = await steps.submit(screening({ ageEstimate: 15, separationStatus: 'accompanied', immediateDanger: 'yes', fearOfReturn: 'yes', persecutionGrounds: ['race'] }));
    await steps.until(
      'case',
      match,
      (view) => timeline(view).includes('succeeded AsylumBranchFailed') && timeline(view).includes('succeeded FindPossibleDuplicates') && tasksOf(view, 'placement').length === 1,
      'the placement asked, the lapsed asylum branch and the duplicate check recorded',
    );
    // Its other branches may still open tasks (each moves it up the board): wait until it stays put.
    await eventually(async () => {
      const before = (await api.call('coordinator', 'GET', `/cases/${match}`)).body.updatedAt;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return (await api.call('coordinator', 'GET', `/cases/${match}`)).body.updatedAt === before ? true : undefined;
    }, 60_000, 'the matching case to stay put on the board');
    // Two newer cases that match none of the filters.
    const newer = [await steps.submit(screening()), await steps.submit(screening())];
    for (const caseId of newer) await steps.untilClosed('case', caseId);
    const board = await steadyBoard();
    expect(ids(board).slice(0, 3), 'the board, newest first').toEqual([newer[1], newer[0], match]);
    for (const filter of ['risk=critical', 'flag=child', 'overdue=true']) {
      const page = await api.call('coordinator', 'GET', `/cases?${filter}&limit=1`);
      expect(ids(page.body.items), filter).toEqual([match]);
      // Walked to the end, the filtered board is the board's matches, each once.
      const keep = (row: any) => (filter === 'risk=critical' ? row.riskLevel === 'critical' : filter === 'flag=child' ? row.flags.includes('child') : row.overdueTasks > 0);
      expect(ids((await walk('coordinator', `/cases?${filter}&limit=1`)).flat()), filter).toEqual(ids(board.filter(keep)));
    }
  });
});
