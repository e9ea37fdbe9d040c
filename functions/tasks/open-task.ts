// OpenTask: a human step (callback task). It stores the task with its token (which stays
// server-side), its due time, and the execution and state that wait on it, links the assignee's
// organisation to the record, and returns; the workflow waits for the decision. Briefs are not
// stored: the inbox computes them when it is read, from the person's consent at that time.
import { createHash } from 'node:crypto';
import { chooseAssignee, type AssigneeType } from '../domain/assignment.ts';
import { reminderAt } from '../domain/case-plan.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { planDueAt } from '../store/case-plan.ts';
import { getOrganisation, listOrganisations } from '../store/organisations.ts';
import { loadRecord } from '../store/records.ts';
import { openTask } from '../store/tasks.ts';

interface OpenTaskEvent extends TaskEvent {
  taskKind: string;
  token: string;
  dueSeconds: number;
  /** A given organisation (a matched shelter, a partner, a receiving team), or the nearest of a type, or the record's submitter. */
  assigneeOrg?: string;
  assigneeType?: AssigneeType;
  /** The other case of a duplicate review. */
  relatedCaseId?: string;
  /** What a lifecycle task is about: a plan entry, a referral, a transfer. */
  subjectId?: string;
  /** A planned service's follow-up: due when its plan says (a rescheduling moves it), reminded before. */
  followsUpPlan?: boolean;
}

export const handler = workflowTask(
  async (event: OpenTaskEvent) => {
    const [parts, organisations, plannedDue] = await Promise.all([
      loadRecord(event.kind, event.recordId, { personal: false }),
      event.assigneeOrg ? getOrganisation(event.assigneeOrg).then((org) => (org ? [org] : [])) : listOrganisations(),
      event.followsUpPlan && event.subjectId ? planDueAt(event.recordId, event.subjectId) : undefined,
    ]);
    if (!parts) throw new Error(`${event.kind} ${event.recordId} does not exist`);
    const screenedIn = organisations.find((organisation) => organisation.id === parts.record.createdByOrg)?.country;
    const { assigneeOrg, assigneeRole } = chooseAssignee(event, parts, organisations, screenedIn);
    const now = new Date();
    // Derived from the token, so a retried invocation opens the same task, not a second one.
    const taskId = `${event.recordId}.${createHash('sha256').update(event.token).digest('hex').slice(0, 12)}`;
    const dueAt = plannedDue ?? new Date(now.getTime() + event.dueSeconds * 1000).toISOString();
    const lifecycle = { ...(event.subjectId ? { subjectId: event.subjectId } : {}), ...(plannedDue ? { remindAt: reminderAt(plannedDue, now.toISOString()) } : {}) };
    const task = { taskId, parentId: event.recordId, parentKind: event.kind, kind: event.taskKind, status: 'open', assigneeOrg, assigneeRole, createdAt: now.toISOString(), dueAt, token: event.token, executionId: event.execution, state: event.state, ...(event.relatedCaseId ? { relatedCaseId: event.relatedCaseId } : {}), ...lifecycle } as const;
    await openTask(task, parts.record.stage, { event: 'task-opened', state: event.state, executionId: event.execution, summary: { taskId, kind: event.taskKind, assigneeOrg, dueAt } });
    return { taskId, assigneeOrg };
  },
  (result) => result,
);
