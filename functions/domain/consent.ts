// A change of the person's consent, decided: the new consent with who changed it and when, and
// what follows. Consent to law enforcement given now starts the coordination; withdrawn, it
// withdraws every open law-enforcement referral of the case, so no one acts on the person
// without it. Consent to data sharing is read at every view, so withdrawing it hides answers at once.
import type { Actor, Consent, ConsentChange, RecordParts, RecordSummary, Resume, Step, Task } from './records.ts';

export interface ConsentPlan {
  consent: Consent;
  /** The version read; the write is refused if another change came in between (then read again). */
  expectedVersion: number;
  step: Step;
  /** The law-enforcement coordination to start (its execution's name), when consent was given now. */
  startLiaison?: string;
  /** Law-enforcement consent went from yes to something else. */
  withdrawsLawEnforcement: boolean;
}

export function planConsentChange(record: RecordSummary, change: ConsentStates, actor: Actor, now: string, because: Pick<ConsentChange, 'followsCase' | 'linked'> = {}): ConsentPlan {
  const before = record.consent ?? { changes: [] };
  const consent: Consent = {
    lawEnforcement: change.lawEnforcement ?? before.lawEnforcement,
    dataSharing: change.dataSharing ?? before.dataSharing,
    changes: [...(before.changes ?? []), { at: now, by: actor.userId, role: actor.role, organisationId: actor.organisationId, ...change, ...because }],
  };
  return {
    consent,
    expectedVersion: record.consentVersion ?? 0,
    step: { event: 'consent', actor, summary: { ...change, ...because } },
    // Named per consent version: consent given again after a withdrawal starts a new coordination.
    startLiaison: consent.lawEnforcement === 'yes' && before.lawEnforcement !== 'yes' ? `${record.id}-liaison-${(record.consentVersion ?? 0) + 1}` : undefined,
    withdrawsLawEnforcement: before.lawEnforcement === 'yes' && consent.lawEnforcement !== 'yes',
  };
}

/** The open referrals to law enforcement that a withdrawal of consent ends. */
export const referralsEndedBy = (plan: ConsentPlan, tasks: Task[]) =>
  plan.withdrawsLawEnforcement ? tasks.filter((task) => task.kind === 'liaison-referral' && task.status === 'open') : [];

/** What a withdrawn referral's workflow is told: its branch ends, nothing goes to law enforcement. */
export const consentWithdrawn: Resume = { type: 'failure', error: 'ConsentWithdrawn', cause: 'the person withdrew their consent to law enforcement' };

// ---- One person, one consent: cases linked as the same person (docs/data-protection.md, "Linked cases") ----
type ConsentStates = { lawEnforcement?: string; dataSharing?: string };
const consentFields = ['lawEnforcement', 'dataSharing'] as const;
/** How much a state lets through: only yes shares; no is the most restrictive; later and unknown lie between. */
const allows = (state?: string) => (state === 'yes' ? 2 : state === 'no' ? 0 : 1);

/** What of a change follows the person to every linked case: its restrictions (a withdrawal, a refusal, "later"). A grant stays with the case it was given for. */
export const restrictionOf = (change: ConsentStates): ConsentStates =>
  Object.fromEntries(consentFields.filter((field) => change[field] !== undefined && change[field] !== 'yes').map((field) => [field, change[field]]));

/** The most restrictive state of each consent among one person's cases: what linking them brings every one of them to. */
export function mostRestrictive(records: RecordSummary[]): ConsentStates {
  return Object.fromEntries(
    consentFields.flatMap((field) => {
      const least = records.map((record) => record.consent?.[field] ?? 'unknown').reduce((a, b) => (allows(b) < allows(a) ? b : a), 'yes');
      return allows(least) < 2 ? [[field, least]] : [];
    }),
  );
}

/** A case of the person and what a change does to it: its consent plan (none when it already lets through no more), the referrals that ends. */
export interface LinkedConsent {
  record: RecordSummary;
  plan?: ConsentPlan;
  ended: Task[];
}

/** A restriction applied to one of the person's cases: the states where it let through more, recorded with why. */
function restrict(parts: Pick<RecordParts, 'record' | 'tasks'>, restriction: ConsentStates, because: Pick<ConsentChange, 'followsCase' | 'linked'>, actor: Actor, now: string): LinkedConsent {
  const change = Object.fromEntries(consentFields.filter((field) => restriction[field] !== undefined && allows(restriction[field]) < allows(parts.record.consent?.[field] ?? 'unknown')).map((field) => [field, restriction[field]]));
  const plan = Object.keys(change).length ? planConsentChange(parts.record, change, actor, now, because) : undefined;
  return { record: parts.record, plan, ended: plan ? referralsEndedBy(plan, parts.tasks) : [] };
}

/**
 * A consent change on a case, for the person: the case's own change, and its restrictions on every
 * case linked to it as the same person (their versions are checked even where nothing changes, so
 * a link made meanwhile makes the write go again over the new set).
 */
export function planPersonConsent(parts: Pick<RecordParts, 'record' | 'tasks'>, linked: Pick<RecordParts, 'record' | 'tasks'>[], change: ConsentStates, actor: Actor, now: string) {
  const plan = planConsentChange(parts.record, change, actor, now);
  return { record: parts.record, plan, ended: referralsEndedBy(plan, parts.tasks), linked: followRestriction(parts.record.id, linked, change, actor, now) };
}

/** The restriction of a change on one case, on each of the cases linked to it. */
export const followRestriction = (caseId: string, linked: Pick<RecordParts, 'record' | 'tasks'>[], change: ConsentStates, actor: Actor, now: string) =>
  linked.map((other) => restrict(other, restrictionOf(change), { followsCase: caseId }, actor, now));
export type PersonConsentPlan = ReturnType<typeof planPersonConsent>;

/** Two cases found to be one person: every case of both sets is brought to the most restrictive consent among them. */
export function planLinkConsent(members: Pick<RecordParts, 'record' | 'tasks'>[], pair: [string, string], actor: Actor, now: string): LinkedConsent[] {
  const restriction = mostRestrictive(members.map((member) => member.record));
  return members.map((member) => restrict(member, restriction, { linked: pair }, actor, now));
}
