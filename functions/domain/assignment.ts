// Who a human step goes to: a matched shelter, the record's submitter, or the organisation of the
// type the step needs that is nearest the person — in the country where they were screened first,
// then by distance rank — never simply the first by name.
import type { Role } from '../../system/description.ts';
import { roleOfType, type Organisation, type OrganisationType } from './organisations.ts';
import { Refusal } from './refusal.ts';
import { createHash } from 'node:crypto';
import { reminderAt } from './case-plan.ts';
import type { RecordKind, RecordParts } from './records.ts';

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

/** What a workflow's callback step says of the task it opens. */
export interface TaskOpening {
  recordId: string;
  kind: RecordKind;
  taskKind: string;
  token: string;
  dueSeconds: number;
  execution: string;
  state: string;
  /** The other case of a duplicate review. */
  relatedCaseId?: string;
  /** What a lifecycle task is about: a plan entry, a referral, a transfer. */
  subjectId?: string;
}

/**
 * The task a callback step opens. Its id is derived from the token, so a retried invocation opens the
 * same task, not a second one; a planned follow-up is due when its plan says and reminded before.
 */
export function taskToOpen(opening: TaskOpening, assignee: { assigneeOrg: string; assigneeRole: Role }, plannedDue: string | undefined, now: string) {
  const taskId = `${opening.recordId}.${createHash('sha256').update(opening.token).digest('hex').slice(0, 12)}`;
  const dueAt = plannedDue ?? new Date(Date.parse(now) + opening.dueSeconds * 1000).toISOString();
  return {
    taskId,
    parentId: opening.recordId,
    parentKind: opening.kind,
    kind: opening.taskKind,
    status: 'open',
    ...assignee,
    createdAt: now,
    dueAt,
    token: opening.token,
    executionId: opening.execution,
    state: opening.state,
    ...(opening.relatedCaseId ? { relatedCaseId: opening.relatedCaseId } : {}),
    ...(opening.subjectId ? { subjectId: opening.subjectId } : {}),
    ...(plannedDue ? { remindAt: reminderAt(plannedDue, now) } : {}),
  } as const;
}

