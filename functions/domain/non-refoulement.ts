// The non-refoulement guard: no one who may be a refugee is returned before the asylum authority
// has answered. A pure rule, checked twice (docs/DESIGN.md): by the API before a return workflow
// starts, and by a Task immediately before every return step of every workflow (a test walks every
// ASL path to prove no return step is reachable otherwise).
import { Refusal } from './refusal.ts';
import type { RecordParts, Task } from './records.ts';

/** The asylum authority's answers that decide a claim; `registered` only opens one, so the hold stays. */
export const asylumDecisions = ['recognised', 'rejected', 'not_applicable'] as const;

/** The human steps that move a person back to their country: every workflow re-checks the hold just before each. */
export const returnTaskKinds = ['return-travel', 'child-handover'] as const;

/** The workflow task that re-checks the hold, and the field of its result that says the way is clear. */
export const guardTask = 'CheckNonRefoulement';
export const guardClearField = 'clear';

export interface HoldFacts {
  /** The person said they fear harm if returned (fearOfReturn = yes). */
  fearOfReturn: boolean;
  /** The assessment called for a refugee-status check (an asylum referral), opened yet or not. */
  asylumReferralCalledFor: boolean;
  asylumReferrals: Pick<Task, 'status' | 'outcome'>[];
}

export type HoldReason = 'asylum-referral-open' | 'asylum-referral-undecided' | 'fear-of-return';

export type HoldVerdict = { hold: true; reasons: HoldReason[] } | { hold: false; reasons: [] };

/**
 * Whether a return is held: while an asylum referral is open, or called for and not decided
 * (lapsed, withdrawn or only registered counts as undecided), or the person fears return and no
 * asylum decision exists.
 */
export function nonRefoulementHold(facts: HoldFacts): HoldVerdict {
  const decided = facts.asylumReferrals.some((task) => task.status === 'decided' && (asylumDecisions as readonly string[]).includes(task.outcome ?? ''));
  const reasons: HoldReason[] = [];
  if (facts.asylumReferrals.some((task) => task.status === 'open')) reasons.push('asylum-referral-open');
  else if (facts.asylumReferralCalledFor && !decided) reasons.push('asylum-referral-undecided');
  if (facts.fearOfReturn && !decided) reasons.push('fear-of-return');
  return reasons.length ? { hold: true, reasons } : { hold: false, reasons: [] };
}

/** The facts of a case, its interview opened. */
export function holdFactsOf(parts: Pick<RecordParts, 'record' | 'submission' | 'tasks'>): HoldFacts {
  return {
    fearOfReturn: parts.submission?.answers.fearOfReturn === 'yes',
    asylumReferralCalledFor: parts.record.assessment?.referrals?.asylum === true,
    asylumReferrals: parts.tasks.filter((task) => task.kind === 'asylum-referral'),
  };
}

export class NonRefoulementHold extends Refusal {
  constructor(reasons: HoldReason[]) {
    super(409, 'NON_REFOULEMENT_HOLD', `No return while the person may be a refugee: ${reasons.join(', ')}. The asylum authority must decide first.`);
  }
}
