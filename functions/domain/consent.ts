// A change of the person's consent, decided: the new consent with who changed it and when, and
// what follows. Consent to law enforcement given now starts the coordination; withdrawn, it
// withdraws every open law-enforcement referral of the case, so no one acts on the person
// without it. Consent to data sharing is read at every view, so withdrawing it hides answers at once.
import type { Actor, Consent, RecordSummary, Resume, Step, Task } from './records.ts';

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

export function planConsentChange(record: RecordSummary, change: { lawEnforcement?: string; dataSharing?: string }, actor: Actor, now: string): ConsentPlan {
  const before = record.consent ?? { changes: [] };
  const consent: Consent = {
    lawEnforcement: change.lawEnforcement ?? before.lawEnforcement,
    dataSharing: change.dataSharing ?? before.dataSharing,
    changes: [...(before.changes ?? []), { at: now, by: actor.userId, role: actor.role, organisationId: actor.organisationId, ...change }],
  };
  return {
    consent,
    expectedVersion: record.consentVersion ?? 0,
    step: { event: 'consent', actor, summary: change },
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
