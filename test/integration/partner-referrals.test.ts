// Referral to any partner (issue 16, item 2), through the HTTP API of a real local host: only
// within the person's consent to data sharing; the partner accepts or declines with a reason, the
// team may revoke it while pending; the partner sees what its type needs, and nothing once consent
// is withdrawn.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient } from '../helpers/api.ts';
import { closedCase, inboxTask, openCase, timeline } from '../helpers/lifecycle.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  host = await startTestHost();
  api = apiClient(host);
});
afterAll(async () => host?.stop());

const refer = (caseId: string, organisationId: string, service = 'legal counselling', user = 'screener') => api.call(user, 'POST', `/cases/${caseId}/referrals`, { organisationId, service, reason: 'asked for advice on her claim' });
const referrals = async (caseId: string) => (await api.call('screener', 'GET', `/cases/${caseId}/referrals`)).body.items as any[];
const statusOf = (caseId: string, referralId: string, status: string) =>
  eventually(async () => ((await referrals(caseId)).find((referral) => referral.referralId === referralId)?.status === status ? true : undefined), 30_000, `referral ${status}`);

const withdrawSharing = (caseId: string) =>
  api.call('screener', 'POST', `/cases/${caseId}/consent`, { language: 'es', answers: { assistance: 'yes', lawEnforcement: 'yes', dataSharing: 'no', explainedInLanguage: 'es', toldRevocable: 'yes' } });

describe('referrals to partners', () => {
  test('refused without consent to data sharing: 409 NO_DATA_SHARING_CONSENT, and nothing is stored, asked or announced', async () => {
    const caseId = await openCase(api, { consentDataSharing: 'no' });
    const before = (await timeline(api, caseId)).length;
    const refused = await refer(caseId, 'org-legal-aid');
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'NO_DATA_SHARING_CONSENT' } } });
    expect(await referrals(caseId)).toEqual([]);
    expect((await timeline(api, caseId)).filter((step) => step.event === 'referred')).toEqual([]);
    expect((await timeline(api, caseId)).length).toBe(before);
    expect((await api.call('legalaid', 'GET', '/tasks')).body.items.filter((task: any) => task.caseId === caseId)).toEqual([]);
  });

  test('each partner sees what its type needs: legal aid the protection claim and names, health the needs only; accepted and declined (with a reason) are recorded', async () => {
    const caseId = await openCase(api);
    const legal = await refer(caseId, 'org-legal-aid');
    expect(legal.status).toBe(201);
    const health = await refer(caseId, 'org-health', 'medical care');
    expect(health.status).toBe(201);

    const legalTask = await inboxTask(api, 'legalaid', caseId, 'partner-referral');
    expect(legalTask.brief.answers).toMatchObject({ givenName: 'Lucía', familyName: 'Pérez', fearOfReturn: 'yes', nationality: 'HN' });
    expect(legalTask.brief.answers).not.toHaveProperty('medicalNeedUrgent');
    const healthTask = await inboxTask(api, 'health', caseId, 'partner-referral');
    expect(healthTask.brief.answers).toMatchObject({ medicalNeedUrgent: 'yes', gender: 'man' });
    for (const hidden of ['givenName', 'familyName', 'fearOfReturn', 'nationality', 'interviewerConclusion']) expect(healthTask.brief.answers).not.toHaveProperty(hidden);
    // The same on the case itself, as each opens it.
    const seenByHealth = (await api.call('health', 'GET', `/cases/${caseId}`)).body;
    expect(seenByHealth.answers).not.toHaveProperty('givenName');
    expect(seenByHealth).not.toHaveProperty('submission');

    expect((await api.call('legalaid', 'POST', `/tasks/${legalTask.taskId}/decision`, { outcome: 'accepted' })).status).toBe(200);
    await statusOf(caseId, legal.body.referralId, 'accepted');
    expect((await api.call('health', 'POST', `/tasks/${healthTask.taskId}/decision`, { outcome: 'declined' })).status).toBe(400);
    expect((await api.call('health', 'POST', `/tasks/${healthTask.taskId}/decision`, { outcome: 'declined', reason: 'no clinic in her area' })).status).toBe(200);
    await statusOf(caseId, health.body.referralId, 'declined');
    // A partner that declines steps back from the case; one that accepts works on it.
    expect((await api.call('health', 'GET', `/cases/${caseId}`)).status).toBe(404);
    expect((await api.call('legalaid', 'GET', `/cases/${caseId}`)).status).toBe(200);
    expect((await timeline(api, caseId)).filter((step) => step.event === 'referred').map((step) => step.summary.organisationId).sort()).toEqual(['org-health', 'org-legal-aid']);
  });

  test('revoked while pending: the task is withdrawn, a later answer is refused, a second revocation too', async () => {
    const caseId = await openCase(api);
    const referred = await refer(caseId, 'org-psychosocial', 'counselling');
    const task = await inboxTask(api, 'psychosocial', caseId, 'partner-referral');
    const revoked = await api.call('screener', 'POST', `/cases/${caseId}/referrals/${referred.body.referralId}/revocation`);
    expect(revoked).toMatchObject({ status: 200, body: { status: 'revoked' } });
    await statusOf(caseId, referred.body.referralId, 'revoked');
    expect(await api.call('psychosocial', 'POST', `/tasks/${task.taskId}/decision`, { outcome: 'accepted' })).toMatchObject({ status: 409, body: { error: { code: 'TASK_WITHDRAWN' } } });
    expect(await api.call('screener', 'POST', `/cases/${caseId}/referrals/${referred.body.referralId}/revocation`)).toMatchObject({ status: 409, body: { error: { code: 'REFERRAL_CLOSED' } } });
    expect((await api.call('psychosocial', 'GET', '/tasks')).body.items.filter((item: any) => item.caseId === caseId)).toEqual([]);
    const view = (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body;
    expect(view.tasks.find((item: any) => item.taskId === task.taskId).status).toBe('withdrawn');
    expect(view.steps.some((step: any) => step.event === 'withdrawn' && step.summary.reason === 'revoked')).toBe(true);
  });

  test('consent to data sharing withdrawn later: the partner no longer sees any answer of the person', async () => {
    const caseId = await openCase(api);
    await refer(caseId, 'org-family-tracing', 'tracing her mother');
    const before = await inboxTask(api, 'familytracing', caseId, 'partner-referral');
    expect(before.brief.answers.givenName).toBe('Lucía');
    expect((await withdrawSharing(caseId)).status).toBe(200);
    const after = await inboxTask(api, 'familytracing', caseId, 'partner-referral');
    expect(after.brief.answers).toEqual({});
    expect((await api.call('familytracing', 'GET', `/cases/${caseId}`)).body.answers).toEqual({});
    // And no new referral goes out.
    expect((await refer(caseId, 'org-legal-aid')).body.error.code).toBe('NO_DATA_SHARING_CONSENT');
  });

  test('refused: law enforcement is not a partner (400), an unknown organisation (404), a closed case (409), a partner referring on (403)', async () => {
    const caseId = await openCase(api);
    expect(await refer(caseId, 'org-liaison-unit')).toMatchObject({ status: 400, body: { error: { code: 'NOT_A_PARTNER' } } });
    expect(await refer(caseId, 'org-nowhere')).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_ORGANISATION' } } });
    expect((await refer(caseId, 'org-legal-aid', 'x', 'legalaid')).status).toBe(403);
    expect(await refer(await closedCase(api), 'org-legal-aid')).toMatchObject({ status: 409, body: { error: { code: 'CASE_CLOSED' } } });
    expect(await referrals(caseId)).toEqual([]);
  });
});
