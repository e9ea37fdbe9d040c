// OpenTask: a human step (callback task). It stores the task with its token (the token stays
// server-side), its due time and a brief limited to what the assignee's role may see, links the
// assignee's organisation to the record, and returns; the workflow waits for the decision.
import { createHash } from 'node:crypto';
import type { Role } from '../../system/description.ts';
import { taskBrief } from '../domain/access.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { roleOfType, type OrganisationType } from '../domain/organisations.ts';
import { getOrganisation, listOrganisations } from '../store/organisations.ts';
import { loadRecord, organisationLink, updateRecord } from '../store/records.ts';
import { openTask } from '../store/tasks.ts';
import { stepItem } from '../store/timeline.ts';

interface OpenTaskEvent extends TaskEvent {
  taskKind: string;
  token: string;
  dueSeconds: number;
  /** A given organisation (a matched shelter), or the first of a type, or the record's submitter. */
  assigneeOrg?: string;
  assigneeType?: OrganisationType | 'submitter';
}

export class NoOrganisation extends Error {
  override name = 'NoOrganisation';
}

export const handler = workflowTask(
  async (event: OpenTaskEvent) => {
    const [parts, matchedShelter] = await Promise.all([loadRecord(event.kind, event.recordId), event.assigneeOrg && getOrganisation(event.assigneeOrg)]);
    if (!parts) throw new Error(`${event.kind} ${event.recordId} does not exist`);
    let assigneeOrg = event.assigneeOrg;
    let assigneeRole: Role;
    if (event.assigneeType === 'submitter') {
      assigneeOrg = parts.record.createdByOrg;
      const submitter = parts.steps.find((step) => step.event === 'submitted')?.actor;
      assigneeRole = submitter?.role ?? 'screener';
    } else if (assigneeOrg) {
      if (!matchedShelter || matchedShelter.type !== 'shelter') throw new NoOrganisation(`no shelter ${assigneeOrg}`);
      assigneeRole = 'shelter';
    } else {
      const type = event.assigneeType!;
      const [organisation] = await listOrganisations(type);
      if (!organisation) throw new NoOrganisation(`no ${type} organisation is registered`);
      assigneeOrg = organisation.id;
      assigneeRole = roleOfType[type];
    }
    const now = new Date();
    // Derived from the token, so a retried invocation opens the same task, not a second one.
    const taskId = `${event.recordId}.${createHash('sha256').update(event.token).digest('hex').slice(0, 12)}`;
    const dueAt = new Date(now.getTime() + event.dueSeconds * 1000).toISOString();
    await openTask(
      {
        taskId,
        parentId: event.recordId,
        parentKind: event.kind,
        kind: event.taskKind,
        status: 'open',
        assigneeOrg,
        assigneeRole,
        createdAt: now.toISOString(),
        dueAt,
        token: event.token,
        brief: event.kind === 'case' ? taskBrief(assigneeRole, parts.record, parts.submission?.answers ?? {}) : { triage: parts.record.triage },
      },
      [
        organisationLink(event.kind, event.recordId, assigneeOrg, now.toISOString()),
        stepItem(event.kind, event.recordId, { event: 'task-opened', state: event.state, executionId: event.execution, summary: { taskId, kind: event.taskKind, assigneeOrg, dueAt } }),
      ],
    );
    await updateRecord(event.kind, event.recordId, {}, now.toISOString());
    return { taskId, assigneeOrg };
  },
  (result) => result,
);
