// The paths the other integration tests do not take, end to end through the HTTP API of one local
// host: every human step that can slip its deadline, the sweep sending a decision the workflow
// never got, the triage of tips, the determination-review branch, form versions at intake, and
// paging with cursors (filters applied while the board is read).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, screening } from '../helpers/api.ts';
import { startTestHost, type TestHost } from '../helpers/local-host.ts';
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
    expect(closed.outcome).toEqual({ placement: 'not-needed', asylum: 'failed:TaskOverdue', guardianship: 'not-needed', lawEnforcement: 'not-needed', determinationReview: 'not-needed' });
    expect(timeline(closed)).toEqual(expect.arrayContaining(['overdue asylum-referral', 'succeeded AsylumBranchFailed', 'succeeded RecordOutcome']));
    const late = await api.call('asylum', 'POST', `/tasks/${asylum.taskId}/decision`, { outcome: 'registered' });
    expect([late.status, late.body.error.code]).toEqual([409, 'TASK_CLOSED']);
    await expectCounted(caseId, 'asylum-referral', before);
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

  test('a routine inspection nobody reports on goes overdue: its due time is the routine one, and the tip ends failed on the board', async () => {
    const tipId = await steps.submitTip(labourTip({ iloExcessiveOvertime: 'yes' }));
    const failed = await steps.until('tip', tipId, (view) => view.stage === 'failed', 'the tip to fail');
    expect(failed.triage).toBe('routine');
    const [inspection] = tasksOf(failed, 'inspection');
    expect([inspection.assigneeOrg, inspection.status]).toEqual(['org-labour-inspectorate', 'overdue']);
    expect(Date.parse(inspection.dueAt) - Date.parse(inspection.createdAt)).toBe(shortDeadlines['inspection-routine'] * 1000);
    expect(overdueSteps(failed)).toEqual([['inspection', inspection.taskId]]);
    expect(failed.steps.find((step: any) => step.event === 'status')?.summary).toEqual({ status: 'FAILED', workflow: 'tip' });
    const board = await steps.allItems('coordinator', '/tips?overdue=true&limit=100');
    expect(board.find((row) => row.tipId === tipId)).toMatchObject({ stage: 'failed', triage: 'routine', overdueTasks: 1 });
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
