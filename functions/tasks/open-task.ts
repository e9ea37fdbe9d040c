// OpenTask: a human step (callback task). It stores the task with its token (which stays
// server-side), its due time, and the execution and state that wait on it, links the assignee's
// organisation to the record, and returns; the workflow waits for the decision. Briefs are not
// stored: the inbox computes them when it is read, from the person's consent at that time.
import { chooseAssignee, taskToOpen, type AssigneeType, type TaskOpening } from '../domain/assignment.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { planDueAt } from '../store/case-plan.ts';
import { getOrganisation, listOrganisations } from '../store/organisations.ts';
import { loadRecord } from '../store/records.ts';
import { openTask } from '../store/tasks.ts';

interface OpenTaskEvent extends TaskEvent, TaskOpening {
  /** A given organisation (a matched shelter, a partner, a receiving team), or the nearest of a type, or the record's submitter. */
  assigneeOrg?: string;
  assigneeType?: AssigneeType;
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
    const task = taskToOpen(event, chooseAssignee(event, parts, organisations, screenedIn), plannedDue, new Date().toISOString());
    await openTask(task, parts.record.stage, { event: 'task-opened', state: event.state, executionId: event.execution, summary: { taskId: task.taskId, kind: event.taskKind, assigneeOrg: task.assigneeOrg, dueAt: task.dueAt } });
    return { taskId: task.taskId, assigneeOrg: task.assigneeOrg };
  },
  (result) => result,
);
