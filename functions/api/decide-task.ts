// POST /tasks/{taskId}/decision: a person answers a human step. The decision is validated
// against the task kind's form, written atomically with what it changes (a bed taken), then the
// waiting workflow resumes. A second decision finds the task closed: 409.
import { validateAnswers } from '../../forms/engine/validation.ts';
import { forms } from '../../forms/registry.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { takeBed } from '../store/organisations.ts';
import { closeTask, getTask, markResumed, TaskClosed, type Resume, type TransactItem } from '../store/tasks.ts';
import { resumeWorkflow } from '../store/workflows.ts';
import { changeConsent } from './consent-change.ts';
import { decision } from './contracts.ts';

export const handler = api({
  body: decision,
  handle: async ({ caller, path, body, event }) => {
    const task = await getTask(path.taskId);
    if (!task) throw new HttpError(404, 'NOT_FOUND', `No task ${path.taskId}`);
    if (task.assigneeOrg !== caller.organisationId || task.assigneeRole !== caller.role) {
      throw new HttpError(403, 'FORBIDDEN', 'This task is assigned to another organisation');
    }
    if (task.status !== 'open') throw new HttpError(409, 'TASK_CLOSED', `This task is already ${task.status}`);
    const language = (['en', 'es', 'fr', 'pt'] as const).find((code) => event.headers['accept-language']?.startsWith(code)) ?? 'en';
    const validation = validateAnswers(forms.get(`decision-${task.kind}`)!, body, language, new Date().toISOString().slice(0, 10));
    if (!validation.ok) throw new HttpError(400, 'INVALID_DECISION', `Not a valid ${task.kind} decision; see fields`, validation.fields);
    const answers = validation.answers;

    const alongside: TransactItem[] = [];
    let resume: Resume = { type: 'success', output: { ...answers, decidedBy: caller.organisationId } };
    if (task.kind === 'placement') {
      if (answers.outcome === 'accepted') alongside.push(takeBed(task.assigneeOrg));
      else resume = { type: 'failure', error: 'PlacementDeclined', cause: String(answers.reason ?? 'declined') };
    }
    const step = {
      event: 'decision',
      actor: caller,
      summary: { taskId: task.taskId, kind: task.kind, outcome: answers.outcome ?? answers.resolution ?? answers.lawEnforcement ?? answers.determination ?? 'recorded' },
    };
    try {
      await closeTask(task, { status: 'decided', resume, step, decision: answers, decidedBy: caller }, alongside, (index) =>
        task.kind === 'placement' && index === 0 ? new HttpError(409, 'NO_FREE_BED', 'The shelter has no free bed on record; decline, or update its capacity first') : undefined,
      );
    } catch (error) {
      if (error instanceof TaskClosed) throw new HttpError(409, 'TASK_CLOSED', error.message);
      throw error;
    }
    if (task.kind === 'consent-review' && typeof answers.lawEnforcement === 'string') {
      await changeConsent(task.parentId, { lawEnforcement: answers.lawEnforcement }, caller);
    }
    // If telling the workflow fails now, the overdue sweep tells it later: the decision is kept.
    let resumed = false;
    try {
      await resumeWorkflow(task.token, resume);
      await markResumed(task);
      resumed = true;
    } catch {
      resumed = false;
    }
    return json(200, { taskId: task.taskId, status: 'decided', resumed });
  },
});
