// A case's plan (issue 16, item 1): the services the case's own team plans for the person, each
// followed up by the organisation responsible for it by a date; and the team's notes, sealed like
// answers and read by the team only. Who may: the case's team (access.ts `isCaseTeam`).
import { isCaseTeam, type Viewer } from './access.ts';
import { followUpPolicy, taskDeadlineSeconds } from './policy.ts';
import { Refusal } from './refusal.ts';
import { refuseUnlessOpen, responsibleOrgOf, type Actor, type RecordSummary, type Step } from './records.ts';
import type { Organisation } from './organisations.ts';

/** Ids of plan entries, referrals and transfers: random, no order, no personal data. */
export const lifecycleId = (prefix: 'p' | 'r' | 'x', random: string) => `${prefix}-${random}`;

/** Only the case's own team plans, notes, refers and transfers; a record it may not see answers as missing. */
export function refuseUnlessTeam(viewer: Viewer, record: RecordSummary): void {
  if (!isCaseTeam(viewer, record)) throw new Refusal(404, 'NOT_FOUND', `No case ${record.id} that you may plan, note, refer or transfer`);
}

export interface PlannedService {
  planId: string;
  caseId: string;
  service: string;
  organisationId: string;
  dueAt: string;
  /** planned → done / not-done / rescheduled (then planned again at its new date) or lapsed. */
  status: string;
  createdAt: string;
  createdBy: Actor;
  /** Sealed under the case's key: what the team wrote about it. */
  note?: string;
}

/** A service added to the plan: for the named organisation or the case's own, due in the future within the longest follow-up. */
export function planService(record: RecordSummary, request: { service: string; organisationId?: string; dueAt: string; note?: string }, organisation: Organisation | undefined, planId: string, actor: Actor, now: string): { entry: PlannedService; step: Step } {
  refuseUnlessOpen(record);
  const organisationId = request.organisationId ?? responsibleOrgOf(record);
  if (!organisation) throw new Refusal(404, 'UNKNOWN_ORGANISATION', `No organisation ${organisationId} is registered`, { organisationId: 'not a registered organisation' });
  const due = Date.parse(request.dueAt);
  const ahead = (due - Date.parse(now)) / 1000;
  if (!(ahead >= followUpPolicy.shortestNoticeSeconds && ahead <= taskDeadlineSeconds['follow-up'])) {
    throw new Refusal(400, 'INVALID_REQUEST', `A follow-up is due between a minute and ${taskDeadlineSeconds['follow-up'] / 86400} days from now`, { dueAt: 'not within the follow-up window' });
  }
  const dueAt = new Date(due).toISOString();
  const entry: PlannedService = { planId, caseId: record.id, service: request.service, organisationId, dueAt, status: 'planned', createdAt: now, createdBy: actor, ...(request.note ? { note: request.note } : {}) };
  return { entry, step: { event: 'planned', actor, summary: { planId, service: request.service, organisationId, dueAt } } };
}

/** When a follow-up's assignee is reminded: a while before it is due, or at once when it is due sooner. */
export const reminderAt = (dueAt: string, now: string) => new Date(Math.max(Date.parse(now), Date.parse(dueAt) - followUpPolicy.reminderSeconds * 1000)).toISOString();

/** What a follow-up's decision changes on its plan entry: its status, and a new date when rescheduled. */
export function followUpDecided(outcome: string, decision: Record<string, unknown>): { status: string; dueAt?: string } {
  if (outcome === 'rescheduled') return { status: 'planned', dueAt: new Date(`${String(decision.rescheduledTo)}T12:00:00.000Z`).toISOString() };
  return { status: outcome };
}

/** A case note: the team's own words, sealed; its step says only that a note was added. */
export function noteOf(record: RecordSummary, text: string, actor: Actor, now: string) {
  refuseUnlessOpen(record);
  return { note: { text, at: now, by: actor }, step: { event: 'noted', actor } as Step };
}
