// Transfer of responsibility (issue 16, item 3): the case's team hands the case to another
// screening team or inspectorate; when that organisation accepts, it becomes responsible (its
// people list and open the case whole) and the sending organisation steps back (the coordination
// always sees every case). One transfer at a time; a declined or lapsed one changes nothing.
import { Refusal } from './refusal.ts';
import { refuseUnlessOpen, responsibleOrgOf, type Actor, type RecordSummary, type Step } from './records.ts';
import type { Organisation, OrganisationType } from './organisations.ts';

/** Organisations that can be responsible for a case: those whose people work on cases whole. */
export const responsibleTypes: readonly OrganisationType[] = ['screening', 'labour-inspectorate'];

export interface PendingTransfer {
  transferId: string;
  from: string;
  to: string;
}

export function planTransfer(record: RecordSummary, request: { organisationId: string; reason: string }, organisation: Organisation | undefined, transferId: string, actor: Actor): { pending: PendingTransfer; step: Step } {
  refuseUnlessOpen(record);
  if (!organisation) throw new Refusal(404, 'UNKNOWN_ORGANISATION', `No organisation ${request.organisationId} is registered`, { organisationId: 'not a registered organisation' });
  if (!responsibleTypes.includes(organisation.type)) {
    throw new Refusal(400, 'NOT_A_CASE_TEAM', `A ${organisation.type} organisation cannot be responsible for a case; refer the case to it instead`, { organisationId: `a ${organisation.type} organisation` });
  }
  const from = responsibleOrgOf(record);
  if (organisation.id === from) throw new Refusal(409, 'ALREADY_RESPONSIBLE', `${organisation.id} is already responsible for this case`);
  if (record.pendingTransfer) throw new Refusal(409, 'TRANSFER_PENDING', 'A transfer of this case is already waiting for an answer');
  const pending = { transferId, from, to: organisation.id };
  return { pending, step: { event: 'transfer-requested', actor, summary: pending } };
}

/** What an answered transfer changes: accepted, the receiving organisation is responsible and the sending one steps back. */
export function transferDecided(record: RecordSummary, transferId: string, outcome: string): { accepted: boolean; pending: PendingTransfer; step?: Step } | undefined {
  const pending = record.pendingTransfer as PendingTransfer | undefined | null;
  if (!pending || pending.transferId !== transferId) return undefined;
  if (outcome !== 'accepted') return { accepted: false, pending };
  return { accepted: true, pending, step: { event: 'transferred', summary: { ...pending } } };
}
