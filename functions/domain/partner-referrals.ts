// Referral to any partner (issue 16, item 2): the case's team sends the case to a registered
// organisation for a service, only while the person agrees to data sharing; the partner accepts or
// declines with a reason; the team may revoke it while it is pending. What the partner sees of the
// person follows its type (access.ts `answersFor`), and only while that consent stands.
import { sharesData } from './access.ts';
import { roleOfType, type Organisation, type OrganisationType } from './organisations.ts';
import { Refusal } from './refusal.ts';
import { refuseUnlessOpen, type Actor, type RecordSummary, type Resume, type Step, type Task } from './records.ts';

/** Organisations a case may be referred to for a service. Law enforcement has its own, consented, path; screening teams take a case by transfer. */
export const partnerTypes: readonly OrganisationType[] = ['shelter', 'asylum', 'child-protection', 'legal-aid', 'health', 'psychosocial', 'family-tracing'];

export type ReferralStatus = 'pending' | 'accepted' | 'declined' | 'revoked' | 'lapsed';

export interface PartnerReferral {
  referralId: string;
  caseId: string;
  organisationId: string;
  service: string;
  status: ReferralStatus;
  createdAt: string;
  createdBy: Actor;
  /** Sealed under the case's key. */
  reason?: string;
}

/** `earlier`: the case's referrals so far; one still waiting for the same partner and service is not sent twice (a second tap, a second team member). */
export function planReferral(record: RecordSummary, request: { organisationId: string; service: string; reason: string }, organisation: Organisation | undefined, referralId: string, actor: Actor, now: string, earlier: PartnerReferral[] = []): { referral: PartnerReferral; step: Step } {
  refuseUnlessOpen(record);
  const waiting = earlier.find((other) => other.status === 'pending' && other.organisationId === request.organisationId && other.service === request.service);
  if (waiting) throw new Refusal(409, 'REFERRAL_PENDING', `This partner already has this case for this service and has not answered yet (referral ${waiting.referralId})`);
  if (!organisation) throw new Refusal(404, 'UNKNOWN_ORGANISATION', `No organisation ${request.organisationId} is registered`, { organisationId: 'not a registered organisation' });
  if (!partnerTypes.includes(organisation.type)) {
    throw new Refusal(400, 'NOT_A_PARTNER', `A case is not referred to a ${organisation.type} organisation: law enforcement needs the person's consent to it, and a screening team takes a case by transfer`, { organisationId: `a ${organisation.type} organisation` });
  }
  if (!sharesData(record)) {
    throw new Refusal(409, 'NO_DATA_SHARING_CONSENT', 'The person has not agreed to share their data with the organisations assisting them: ask them, record their consent, then refer');
  }
  const referral: PartnerReferral = { referralId, caseId: record.id, organisationId: organisation.id, service: request.service, status: 'pending', createdAt: now, createdBy: actor, reason: request.reason };
  return { referral, step: { event: 'referred', actor, summary: { referralId, organisationId: organisation.id, organisationType: organisation.type, service: request.service } } };
}

/** The role a referral's task goes to: the people of the partner's type. */
export const partnerRole = (organisation: Organisation) => roleOfType[organisation.type];

/** What the referral's waiting workflow is told when the team revokes it: its branch ends. */
export const referralRevoked: Resume = { type: 'failure', error: 'ReferralRevoked', cause: 'the case team revoked the referral' };

/** A revocation: only of a pending referral whose task is open; otherwise a clear 409. */
export function planRevocation(record: RecordSummary, referral: PartnerReferral | undefined, task: Task | undefined, actor: Actor): { step: Step } {
  if (!referral) throw new Refusal(404, 'NOT_FOUND', 'No such referral of this case');
  refuseUnlessOpen(record);
  if (referral.status !== 'pending') throw new Refusal(409, 'REFERRAL_CLOSED', `This referral is already ${referral.status}`);
  if (!task || task.status !== 'open') throw new Refusal(409, 'REFERRAL_NOT_OPEN', 'The partner has not been asked yet, or has just answered; read the case again');
  return { step: { event: 'referral-revoked', actor, summary: { referralId: referral.referralId, organisationId: referral.organisationId } } };
}

/** A partner's answer to a referral, as the referral's status. */
export const referralStatusOf = (outcome: string): ReferralStatus => (outcome === 'accepted' ? 'accepted' : 'declined');
