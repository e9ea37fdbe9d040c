// POST /tasks/{taskId}/decision: a person answers a human step. The domain decides (who may, the
// form, what it changes); the store writes it in one transaction; the waiting workflow resumes.
// A second decision finds the task closed (409); the same decider's retry gets its first answer.
import { forms } from '../../forms/registry.ts';
import { planDecision } from '../domain/decision.ts';
import { workflowInput } from '../domain/intake.ts';
import { api, HttpError, json, languageOf } from '../middleware/http.ts';
import { getRecord } from '../store/records.ts';
import { getTask, writeDecision } from '../store/tasks.ts';
import { startWorkflow, tellWorkflow } from '../store/workflows.ts';
import { decision } from '../contracts/requests.ts';

export const handler = api({
  body: decision,
  handle: async ({ event, caller, path, body }) => {
    const task = await getTask(path.taskId);
    const record = task && (await getRecord(task.parentKind, task.parentId));
    if (!task || !record) throw new HttpError(404, 'NOT_FOUND', `No task ${path.taskId}`);
    const now = new Date().toISOString();
    const form = forms.get(`decision-${task.kind}`)!;
    const plan = planDecision({ task, record, form, body, language: languageOf(event), caller, idempotencyKey: event.headers['idempotency-key'], now });
    if (plan.replay) return json(200, { taskId: task.taskId, status: task.status, resumed: !task.resume });
    await writeDecision(task, plan, caller, record, now);
    if (plan.consent?.startLiaison) await startWorkflow('liaison', plan.consent.startLiaison, workflowInput('case', task.parentId));
    // If telling the workflow fails now, the overdue sweep tells it later: the decision is kept.
    const resumed = await tellWorkflow({ ...task, resume: plan.resume }).then(() => true, () => false);
    return json(200, { taskId: task.taskId, status: 'decided', resumed });
  },
});
