// Who a human step goes to: a matched shelter, the record's submitter, or the organisation of the
// type the step needs that is nearest the person — in the country where they were screened first,
// then by distance rank — never simply the first by name.
import type { Role } from '../../system/description.ts';
import { roleOfType, type Organisation, type OrganisationType } from './organisations.ts';
import { Refusal } from './refusal.ts';
import type { RecordParts } from './records.ts';

export type AssigneeType = OrganisationType | 'submitter';

export class NoOrganisation extends Refusal {
  constructor(message: string) {
    super(409, 'NO_ORGANISATION', message);
    this.name = 'NoOrganisation';
  }
}

export function chooseAssignee(
  request: { assigneeOrg?: string; assigneeType?: AssigneeType },
  parts: Pick<RecordParts, 'record' | 'steps'>,
  candidates: Organisation[],
  screenedIn: string | undefined,
): { assigneeOrg: string; assigneeRole: Role } {
  if (request.assigneeType === 'submitter') {
    const submitter = parts.steps.find((step) => step.event === 'submitted')?.actor;
    return { assigneeOrg: parts.record.createdByOrg, assigneeRole: submitter?.role ?? 'screener' };
  }
  if (request.assigneeOrg) {
    // A matched shelter, or the organisation a plan, referral or transfer names: its people of its type's role.
    const named = candidates.find((organisation) => organisation.id === request.assigneeOrg && (!request.assigneeType || organisation.type === request.assigneeType));
    if (!named) throw new NoOrganisation(`no ${request.assigneeType ?? 'organisation'} ${request.assigneeOrg}`);
    return { assigneeOrg: named.id, assigneeRole: roleOfType[named.type] };
  }
  const type = request.assigneeType!;
  const [nearest] = candidates
    .filter((organisation) => organisation.type === type)
    .sort((a, b) => Number(b.country === screenedIn) - Number(a.country === screenedIn) || a.distanceRank - b.distanceRank || a.id.localeCompare(b.id));
  if (!nearest) throw new NoOrganisation(`no ${type} organisation is registered`);
  return { assigneeOrg: nearest.id, assigneeRole: roleOfType[type] };
}
