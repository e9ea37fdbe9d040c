// The case lifecycle's rules (issue 16), apart from the host: who is the case's team, what a plan
// entry, a referral and a transfer may be, and what each decision changes.
import { describe, expect, test } from 'vitest';
import { caseView, eventNotice, isCaseTeam, type Viewer } from '../../../functions/domain/access.ts';
import { eventsOfStep } from '../../../functions/domain/webhooks.ts';
import { followUpDecided, planService, reminderAt } from '../../../functions/domain/case-plan.ts';
import { planDecision } from '../../../functions/domain/decision.ts';
import type { Organisation } from '../../../functions/domain/organisations.ts';
import { planReferral, planRevocation } from '../../../functions/domain/partner-referrals.ts';
import { followUpPolicy } from '../../../functions/domain/policy.ts';
import { responsibleOrgOf, type RecordParts, type RecordSummary, type Task } from '../../../functions/domain/records.ts';
import { planTransfer, transferDecided } from '../../../functions/domain/transfer.ts';
import { decisionFormsV1 } from '../../../forms/decisions/v1.ts';

const now = '2026-11-29T10:00:00.000Z';
const record = (fields: Partial<RecordSummary> = {}): RecordSummary => ({
  id: 'c-abc',
  kind: 'case',
  stage: 'referral',
  createdAt: now,
  updatedAt: now,
  createdByOrg: 'org-a',
  consent: { dataSharing: 'yes', lawEnforcement: 'no', changes: [] },
  ...fields,
});
const org = (id: string, type: Organisation['type']): Organisation => ({ id, name: id, type, country: 'GT', distanceRank: 0, updatedAt: now, version: 1 });
const actor = { userId: 'u', role: 'screener' as const, organisationId: 'org-a' };
const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'none';
};

describe("the case's team follows the responsible organisation", () => {
  const screenerOf = (organisationId: string): Viewer => ({ role: 'screener', organisationId });
  test('the registering organisation until a transfer; the coordination always; a partner never', () => {
    expect(responsibleOrgOf(record())).toBe('org-a');
    expect(isCaseTeam(screenerOf('org-a'), record())).toBe(true);
    expect(isCaseTeam(screenerOf('org-b'), record())).toBe(false);
    const moved = record({ responsibleOrg: 'org-b' });
    expect(isCaseTeam(screenerOf('org-a'), moved)).toBe(false);
    expect(isCaseTeam(screenerOf('org-b'), moved)).toBe(true);
    expect(isCaseTeam({ role: 'coordinator', organisationId: 'org-coordination' }, moved)).toBe(true);
    expect(isCaseTeam({ role: 'legal-aid', organisationId: 'org-b' }, moved)).toBe(false);
  });

  test('a screener of another organisation working on one follow-up sees no interview, no timeline', () => {
    const parts: RecordParts = { record: record(), submission: { answers: { givenName: 'Ana', fearOfReturn: 'yes' }, formId: 'screening-interview', formVersion: 1, language: 'es', submittedAt: now }, steps: [{ event: 'submitted' }], tasks: [], linkedOrganisations: ['org-a', 'org-b'] };
    const view = caseView(screenerOf('org-b'), parts);
    expect(view).not.toHaveProperty('submission');
    expect(view).not.toHaveProperty('steps');
    expect(view.answers).toEqual({});
    expect(caseView(screenerOf('org-a'), parts)).toMatchObject({ responsibleOrg: 'org-a', submission: { answers: { givenName: 'Ana' } } });
  });
});

describe('plan entries', () => {
  const due = (hours: number) => new Date(Date.parse(now) + hours * 3600_000).toISOString();
  test('for the named organisation or the case’s own, due within the follow-up window, on an open case only', () => {
    expect(planService(record(), { service: 's', dueAt: due(5) }, org('org-a', 'screening'), 'p-1', actor, now).entry).toMatchObject({ organisationId: 'org-a', status: 'planned', dueAt: due(5) });
    expect(code(() => planService(record(), { service: 's', dueAt: due(-1) }, org('org-a', 'screening'), 'p-1', actor, now))).toBe('INVALID_REQUEST');
    expect(code(() => planService(record(), { service: 's', dueAt: due(24 * 61) }, org('org-a', 'screening'), 'p-1', actor, now))).toBe('INVALID_REQUEST');
    expect(code(() => planService(record(), { service: 's', organisationId: 'org-x', dueAt: due(5) }, undefined, 'p-1', actor, now))).toBe('UNKNOWN_ORGANISATION');
    expect(code(() => planService(record({ stage: 'closed' }), { service: 's', dueAt: due(5) }, org('org-a', 'screening'), 'p-1', actor, now))).toBe('CASE_CLOSED');
    expect(code(() => planService(record({ stage: 'erased' }), { service: 's', dueAt: due(5) }, org('org-a', 'screening'), 'p-1', actor, now))).toBe('CASE_ERASED');
  });

  test('reminded the policy’s time before it is due, or at once when due sooner; rescheduled, due again at the new date', () => {
    expect(reminderAt(due(24 * 10), now)).toBe(new Date(Date.parse(due(24 * 10)) - followUpPolicy.reminderSeconds * 1000).toISOString());
    expect(reminderAt(due(5), now)).toBe(now);
    expect(followUpDecided('rescheduled', { rescheduledTo: '2026-12-20' })).toEqual({ status: 'planned', dueAt: '2026-12-20T12:00:00.000Z' });
    expect(followUpDecided('done', {})).toEqual({ status: 'done' });
  });
});

describe('referrals to partners', () => {
  const refer = (fields: Partial<RecordSummary>, partner?: Organisation) => () => planReferral(record(fields), { organisationId: partner?.id ?? 'org-x', service: 's', reason: 'r' }, partner, 'r-1', actor, now);
  test('only within consent to data sharing, to a partner type, on an open case', () => {
    expect(refer({}, org('org-legal', 'legal-aid'))().referral).toMatchObject({ status: 'pending', organisationId: 'org-legal' });
    expect(code(refer({ consent: { dataSharing: 'no', changes: [] } }, org('org-legal', 'legal-aid')))).toBe('NO_DATA_SHARING_CONSENT');
    expect(code(refer({ consent: undefined }, org('org-legal', 'legal-aid')))).toBe('NO_DATA_SHARING_CONSENT');
    expect(code(refer({}, org('org-police', 'liaison')))).toBe('NOT_A_PARTNER');
    expect(code(refer({}, org('org-b', 'screening')))).toBe('NOT_A_PARTNER');
    expect(code(refer({}, undefined))).toBe('UNKNOWN_ORGANISATION');
    expect(code(refer({ stage: 'closed' }, org('org-legal', 'legal-aid')))).toBe('CASE_CLOSED');
  });

  test('not sent twice while the partner has not answered: the same service again once it did, another service at once', () => {
    const legal = org('org-legal', 'legal-aid');
    const first = refer({}, legal)().referral;
    const again = (earlier: typeof first[], service = 's') => () => planReferral(record(), { organisationId: 'org-legal', service, reason: 'r' }, legal, 'r-2', actor, now, earlier);
    expect(code(again([first]))).toBe('REFERRAL_PENDING');
    expect(again([{ ...first, status: 'declined' }])().referral.referralId).toBe('r-2');
    expect(again([first], 'other')().referral.service).toBe('other');
  });

  test('revoked only while pending and asked', () => {
    const referral = refer({}, org('org-legal', 'legal-aid'))().referral;
    const open = { status: 'open' } as Task;
    expect(planRevocation(record(), referral, open, actor).step.event).toBe('referral-revoked');
    expect(code(() => planRevocation(record(), { ...referral, status: 'accepted' }, open, actor))).toBe('REFERRAL_CLOSED');
    expect(code(() => planRevocation(record(), referral, undefined, actor))).toBe('REFERRAL_NOT_OPEN');
    expect(code(() => planRevocation(record(), undefined, open, actor))).toBe('NOT_FOUND');
  });
});

describe('transfers', () => {
  const ask = (fields: Partial<RecordSummary>, to?: Organisation) => () => planTransfer(record(fields), { organisationId: to?.id ?? 'org-x', reason: 'r' }, to, 'x-1', actor);
  test('to another screening team or inspectorate, one at a time, on an open case', () => {
    expect(ask({}, org('org-b', 'screening'))().pending).toEqual({ transferId: 'x-1', from: 'org-a', to: 'org-b' });
    expect(ask({}, org('org-i', 'labour-inspectorate'))().pending.to).toBe('org-i');
    expect(code(ask({}, org('org-s', 'shelter')))).toBe('NOT_A_CASE_TEAM');
    expect(code(ask({}, org('org-a', 'screening')))).toBe('ALREADY_RESPONSIBLE');
    expect(code(ask({ pendingTransfer: { transferId: 'x-0', from: 'org-a', to: 'org-b' } }, org('org-c', 'screening')))).toBe('TRANSFER_PENDING');
    expect(code(ask({ stage: 'closed' }, org('org-b', 'screening')))).toBe('CASE_CLOSED');
  });

  test('accepted, the receiving organisation becomes responsible and the sender steps back; declined, the receiver steps back; another transfer’s answer changes nothing', () => {
    const pending = { transferId: 'x-1', from: 'org-a', to: 'org-b' };
    const task: Task = { taskId: 'c-abc.000000000001', parentId: 'c-abc', parentKind: 'case', kind: 'transfer', status: 'open', assigneeOrg: 'org-b', assigneeRole: 'screener', createdAt: now, dueAt: now, subjectId: 'x-1' };
    const decide = (body: Record<string, unknown>) => planDecision({ task, record: record({ pendingTransfer: pending }), form: decisionFormsV1.transfer, body, language: 'en', caller: { userId: 'v', role: 'screener', organisationId: 'org-b' }, now });
    expect(decide({ outcome: 'accepted' })).toMatchObject({ outcome: 'accepted', transfer: { accepted: true, pending, step: { event: 'transferred' } } });
    expect(decide({ outcome: 'accepted' })).not.toHaveProperty('unlinkOrganisation');
    expect(decide({ outcome: 'declined', reason: 'no one free' })).toMatchObject({ transfer: { accepted: false }, unlinkOrganisation: 'org-b' });
    expect(code(() => decide({ outcome: 'declined' }))).toBe('INVALID_DECISION');
    expect(transferDecided(record({ pendingTransfer: pending }), 'x-2', 'accepted')).toBeUndefined();
  });
});

describe('events of the lifecycle, and what a hook is told', () => {
  test('referred, transferred and reminded steps are events; a plan entry or a note is not', () => {
    expect(eventsOfStep('case', { event: 'referred', summary: { referralId: 'r-1' } })).toEqual([{ type: 'case.referred' }]);
    expect(eventsOfStep('case', { event: 'transferred', summary: { from: 'org-a', to: 'org-b' } })).toEqual([{ type: 'case.transferred' }]);
    expect(eventsOfStep('case', { event: 'reminded', summary: { taskId: 'c-abc.000000000001' } })).toEqual([{ type: 'task.reminded', taskId: 'c-abc.000000000001' }]);
    expect(eventsOfStep('case', { event: 'planned', summary: { planId: 'p-1' } })).toEqual([]);
    expect(eventsOfStep('case', { event: 'noted' })).toEqual([]);
  });

  test('after a transfer, case.transferred reaches the receiving team’s hook with its board row, never the sending team’s', () => {
    const parts = { record: record({ responsibleOrg: 'org-b' }), linkedOrganisations: ['org-b'], tasks: [] };
    const event = { recordKind: 'case' as const, recordId: 'c-abc' };
    expect(eventNotice({ role: 'screener', organisationId: 'org-b' }, event, parts)).toMatchObject({ caseId: 'c-abc' });
    expect(eventNotice({ role: 'screener', organisationId: 'org-a' }, event, parts)).toBeUndefined();
    expect(JSON.stringify(eventNotice({ role: 'screener', organisationId: 'org-b' }, event, parts))).not.toContain('Ana');
  });
});
