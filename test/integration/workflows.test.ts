// The case and tip workflows end to end, through the HTTP API only, each asserting the recorded
// timeline as well as where the case ends.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  host = await startTestHost({ env: { PUENTE_POLICY: JSON.stringify({ reflectionPeriodSeconds: 2 }) } });
  api = apiClient(host);
});
afterAll(async () => host?.stop());

const submit = async (body: unknown) => {
  const answer = await api.call('screener', 'POST', '/screenings', body, { 'idempotency-key': newKey() });
  expect(answer.status).toBe(201);
  return answer.body.caseId as string;
};

/** Waits until `user`'s inbox holds a task of `kind` for `parentId`. */
const inboxTask = (user: string, parentId: string, kind: string) =>
  eventually(async () => {
    const { body } = await api.call(user, 'GET', '/tasks');
    return body.items.find((task: any) => (task.caseId ?? task.tipId) === parentId && task.kind === kind);
  }, 20_000, `${kind} task for ${user}`);

const decide = async (user: string, taskId: string, decision: unknown) => {
  const answer = await api.call(user, 'POST', `/tasks/${taskId}/decision`, decision);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};

const view = async (caseId: string) => (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body;
/** Waits until the case view passes `check`; "closed" also waits for the workflow's terminal status. */
const until = (caseId: string, check: (view: any) => boolean, what: string) =>
  eventually(async () => {
    const current = await view(caseId);
    const ended = current.stage !== 'closed' || current.steps.some((step: any) => step.event === 'status');
    return check(current) && ended ? current : undefined;
  }, 20_000, what);

/** The timeline as readable lines: "entered MatchShelter", "decision placement declined", … */
const timeline = (current: any) =>
  current.steps.map((step: any) =>
    [step.event, step.state, step.event === 'decision' ? `${step.summary.kind} ${step.summary.outcome}` : undefined].filter(Boolean).join(' '),
  );

describe('the case workflow', () => {
  test('a likely labour-trafficking adult man with shelter need: declined by one shelter, placed by the next', async () => {
    const caseId = await submit(screening({ ...likelyLabourTrafficking, shelterNeeded: 'yes' }));
    const first = await inboxTask('shelter2', caseId, 'placement');
    expect(first.brief.answers).toEqual({ gender: 'man', languages: ['es'], medicalNeedUrgent: 'no', immediateDanger: 'no' });
    expect(JSON.stringify(first.brief)).not.toContain('Test'); // no name to a shelter
    await decide('shelter2', first.taskId, { outcome: 'declined', reason: 'full this week' });
    expect((await api.call('shelter2', 'POST', `/tasks/${first.taskId}/decision`, { outcome: 'accepted' })).status).toBe(409);

    const second = await inboxTask('shelter4', caseId, 'placement');
    await decide('shelter4', second.taskId, { outcome: 'accepted' });
    const liaison = await inboxTask('liaison', caseId, 'liaison-referral');
    await decide('liaison', liaison.taskId, { outcome: 'acknowledged' });

    const closed = await until(caseId, (current) => current.stage === 'closed', 'the case to close');
    expect(closed.assessment.determination).toBe('likely');
    expect(closed.outcome).toMatchObject({ placement: 'accepted', lawEnforcement: 'acknowledged', asylum: 'not-needed' });
    expect(closed.tasks.map((task: any) => [task.kind, task.assigneeOrg, task.status])).toEqual(
      expect.arrayContaining([
        ['placement', 'org-shelter-men', 'decided'],
        ['placement', 'org-shelter-mixed-adults', 'decided'],
        ['liaison-referral', 'org-liaison-unit', 'decided'],
      ]),
    );
    const lines = timeline(closed);
    const order = ['submitted', 'succeeded AssessRisk', 'succeeded MatchShelter', 'decision placement declined', 'decision placement accepted', 'succeeded RecordOutcome', 'status'];
    let at = -1;
    for (const line of order) {
      const found = lines.findIndex((candidate: string, index: number) => index > at && candidate.startsWith(line));
      expect(found, `${line} after step ${at} in\n${lines.join('\n')}`).toBeGreaterThan(at);
      at = found;
    }
    expect(lines.filter((line: string) => line === 'succeeded MatchShelter')).toHaveLength(2);
    // The bed was taken at the shelter that accepted.
    const shelters = (await api.call('coordinator', 'GET', '/organizations')).body.items;
    expect(shelters.find((org: any) => org.id === 'org-shelter-mixed-adults').shelter.bedsFree).toBe(1);
  });

  test('an unaccompanied girl with asylum indicators: child protection, asylum and a shelter that takes children', async () => {
    const caseId = await submit(
      screening({ givenName: 'Ana', ageEstimate: 14, gender: 'woman', nationality: 'SV', separationStatus: 'unaccompanied', separationCause: 'migration', fearOfReturn: 'yes', persecutionGrounds: ['social_group'], gangViolence: 'yes', consentLawEnforcement: 'later' }),
    );
    const placement = await inboxTask('shelter3', caseId, 'placement');
    const guardianship = await inboxTask('childprotection', caseId, 'guardianship');
    const asylum = await inboxTask('asylum', caseId, 'asylum-referral');
    expect(asylum.brief.answers).toMatchObject({ givenName: 'Ana', fearOfReturn: 'yes', persecutionGrounds: ['social_group'] });
    expect(placement.brief.answers.givenName).toBeUndefined();

    const open = await view(caseId);
    expect(open.nonRefoulementHold).toBe(true);
    expect(open.assessment.flags).toEqual(['internationalProtectionNeed', 'child', 'unaccompaniedChild']);
    expect(open.assessment.riskLevel).toBe('high');

    await decide('shelter3', placement.taskId, { outcome: 'accepted' });
    await decide('childprotection', guardianship.taskId, { guardianAppointed: 'yes', bestInterestsAssessmentOpened: 'yes' });
    await decide('asylum', asylum.taskId, { outcome: 'registered', claimReference: 'CONARE-1' });
    const closed = await until(caseId, (current) => current.stage === 'closed', 'the case to close');
    expect(closed.nonRefoulementHold).toBe(false);
    expect(closed.outcome).toMatchObject({ placement: 'accepted', asylum: 'registered', guardianship: 'guardian:yes' });
    expect(timeline(closed).filter((line: string) => line.startsWith('decision'))).toEqual([
      'decision placement accepted',
      'decision guardianship guardian:yes',
      'decision asylum-referral registered',
    ]);
  });

  test('without law-enforcement consent nothing goes to the liaison; consent is revisited, and given later it starts coordination', async () => {
    const caseId = await submit(screening({ ...likelyLabourTrafficking, consentLawEnforcement: 'no' }));
    const review = await inboxTask('screener', caseId, 'consent-review');
    const before = await view(caseId);
    expect(before.tasks.map((task: any) => task.kind)).not.toContain('liaison-referral');
    expect((await api.call('liaison', 'GET', `/cases/${caseId}`)).status).toBe(404);
    // The review opened only after the reflection period (2 s here), and after CheckConsent found no consent.
    const submittedAt = Date.parse(before.steps.find((step: any) => step.event === 'submitted').at);
    expect(Date.parse(review.createdAt) - submittedAt).toBeGreaterThanOrEqual(2000);
    expect(timeline(before)).toEqual(expect.arrayContaining(['succeeded CheckConsent', 'task-opened RequestConsentReview']));

    await decide('screener', review.taskId, { lawEnforcement: 'later' });
    expect((await api.call('liaison', 'GET', '/tasks')).body.items.filter((task: any) => task.caseId === caseId)).toEqual([]);

    const consent = await api.call('screener', 'POST', `/cases/${caseId}/consent`, {
      language: 'es',
      answers: { assistance: 'yes', dataSharing: 'yes', dataSharingOrganisations: 'Unidad de enlace', lawEnforcement: 'yes', explainedInLanguage: 'es', toldRevocable: 'yes' },
    });
    expect(consent.status).toBe(200);
    const liaison = await inboxTask('liaison', caseId, 'liaison-referral');
    const seen = (await api.call('liaison', 'GET', `/cases/${caseId}`)).body;
    expect(seen.answers).toEqual({ nationality: 'HN', gender: 'man', exploitationTypes: ['forced_labour'], labourSector: 'agriculture', recruitmentMethod: 'online_advert' });
    expect(seen.assessment.determination).toBe('likely');
    await decide('liaison', liaison.taskId, { outcome: 'investigation_opened' });
    const after = await until(caseId, (current) => current.steps.some((step: any) => step.event === 'status' && step.summary.workflow === 'liaison'), 'the liaison workflow to end');
    expect(timeline(after)).toEqual(expect.arrayContaining(['consent', 'decision consent-review later', 'decision liaison-referral investigation_opened']));
  });
});

describe('the tip workflow', () => {
  test('an urgent tip: the liaison unit and a joint inspection at once; two people identified become two screening cases', async () => {
    const tip = await api.call('inspector', 'POST', '/tips', {
      formId: 'labour-tip',
      formVersion: 1,
      language: 'es',
      answers: {
        workplaceName: 'Finca El Sol',
        workplaceAddress: 'Km 40 carretera al Pacífico',
        country: 'GT',
        sector: 'agriculture',
        workersEstimated: 40,
        minorsPresent: 'yes',
        foreignWorkersPresent: 'yes',
        iloRetentionOfDocuments: 'yes',
        iloExcessiveOvertime: 'yes',
        howObserved: 'worker_complaint',
        sourceAnonymous: 'yes',
        immediateDangerObserved: 'no',
      },
    }, { 'idempotency-key': newKey() });
    expect(tip.status).toBe(201);
    const { tipId } = tip.body;
    const liaison = await inboxTask('liaison', tipId, 'liaison-referral');
    const inspection = await inboxTask('inspector', tipId, 'inspection');
    expect((await api.call('inspector', 'GET', `/tips/${tipId}`)).body.triage).toBe('urgent');
    await decide('liaison', liaison.taskId, { outcome: 'acknowledged' });
    await decide('inspector', inspection.taskId, {
      inspectionDate: '2026-11-27',
      forcedLabourFound: 'yes',
      peopleIdentified: [
        { gender: 'man', ageEstimate: 24, nationality: 'HN', languages: ['es'] },
        { gender: 'woman', ageEstimate: 16, nationality: 'NI', languages: ['es'] },
      ],
    });
    const done = await eventually(async () => {
      const current = (await api.call('coordinator', 'GET', `/tips/${tipId}`)).body;
      return current.stage === 'closed' && current.steps.some((step: any) => step.event === 'status') ? current : undefined;
    }, 20_000, 'the tip workflow to end');
    expect(done.caseIds).toHaveLength(2);
    const cases = await Promise.all(done.caseIds.map((caseId: string) => until(caseId, (current) => current.stage === 'referral' || current.stage === 'closed', 'assessed')));
    const published = (await api.call('inspector', 'GET', '/forms/screening-interview')).body.version;
    for (const current of cases) {
      expect(current.tipId).toBe(tipId);
      expect(current.assessment.flags).toContain('possibleTraffickingVictim');
      // The current interview version, in the tip's language; the inspection's report is read from the tip, not carried.
      expect(current.submission).toMatchObject({ formVersion: published, language: 'es', source: 'inspection' });
    }
    expect(cases.map((current: any) => current.assessment.flags.includes('child'))).toEqual([false, true]);
    const steps = done.steps.map((step: any) => `${step.event} ${step.state ?? ''}`.trim());
    expect(steps).toEqual(expect.arrayContaining(['succeeded TriageTip', 'decision', 'succeeded ScreenPeopleAfterJointInspection', 'succeeded RecordTipOutcome']));
    // The liaison sees the workplace, not the cases the inspection led to.
    const liaisonView = (await api.call('liaison', 'GET', `/tips/${tipId}`)).body;
    expect(liaisonView.answers.workplaceName).toBe('Finca El Sol');
    expect(liaisonView.caseIds).toEqual([]);
  });
});

describe('deadlines', () => {
  test('a placement nobody answers goes overdue, the next shelter is asked, and with none left a coordinator takes over', async () => {
    const quick = await startTestHost({
      env: { PUENTE_SCHEDULE_SECONDS: '1', PUENTE_POLICY: JSON.stringify({ taskDeadlineSeconds: { placement: 1 } }) },
    });
    try {
      const client = apiClient(quick);
      const created = await client.call('screener', 'POST', '/screenings', screening({ shelterNeeded: 'yes' }), { 'idempotency-key': newKey() });
      const caseId = created.body.caseId;
      const escalation = await eventually(async () => {
        const { body } = await client.call('coordinator', 'GET', '/tasks');
        return body.items.find((task: any) => task.caseId === caseId && task.kind === 'escalation');
      }, 30_000, 'the escalation');
      expect(escalation.brief.riskLevel).toBe('low');
      const current = (await client.call('coordinator', 'GET', `/cases/${caseId}`)).body;
      expect(current.tasks.filter((task: any) => task.kind === 'placement').map((task: any) => [task.assigneeOrg, task.status])).toEqual([
        ['org-shelter-men', 'overdue'],
        ['org-shelter-mixed-adults', 'overdue'],
      ]);
      expect(current.steps.filter((step: any) => step.event === 'overdue')).toHaveLength(2);
      // The coordinator's board finds it among the cases whose deadlines slipped; an on-time case is not there.
      const onTime = (await client.call('screener', 'POST', '/screenings', screening(), { 'idempotency-key': newKey() })).body.caseId;
      const slipped = (await client.call('coordinator', 'GET', '/cases?overdue=true&limit=100')).body.items;
      expect(slipped.find((row: any) => row.caseId === caseId)?.overdueTasks).toBe(2);
      expect(slipped.map((row: any) => row.caseId)).not.toContain(onTime);
      expect((await client.call('coordinator', 'GET', '/cases?overdue=yes')).status).toBe(400);
      await client.call('coordinator', 'POST', `/tasks/${escalation.taskId}/decision`, { resolution: 'placed_outside_network' });
      const closed = await eventually(async () => {
        const body = (await client.call('coordinator', 'GET', `/cases/${caseId}`)).body;
        return body.stage === 'closed' ? body : undefined;
      }, 20_000, 'the case to close');
      expect(closed.outcome.placement).toBe('escalated');
    } finally {
      await quick.stop();
    }
  });
});
