// POST /tasks/{taskId}/decision: a person answers a human step. The domain decides (who may, the
// form, what it changes); the store writes it in one transaction; the waiting workflow resumes.
// A second decision finds the task closed (409); the same decider's retry gets its first answer.
import { forms } from '../../forms/registry.ts';
import { consentWithdrawn } from '../domain/consent.ts';
import { planDecision } from '../domain/decision.ts';
import { workflowInput } from '../domain/intake.ts';
import { api, HttpError, json, languageOf } from '../middleware/http.ts';
import { consentAcrossLinks } from '../store/matching.ts';
import { getRecord } from '../store/records.ts';
import { ConsentChanged, getTask, writeDecision } from '../store/tasks.ts';
import { retryOn } from '../store/transactions.ts';
import { startWorkflow, tellWorkflow } from '../store/workflows.ts';
import { decision } from '../contracts/requests.ts';

export const handler = api({
  body: decision,
  handle: async ({ event, caller, path, body }) => {
    // A link or a consent change racing this decision refuses its write: read and decide again.
    const { task, plan, linked } = await retryOn(ConsentChanged, async () => {
      const task = await getTask(path.taskId);
      const record = task && (await getRecord(task.parentKind, task.parentId));
      if (!task || !record) throw new HttpError(404, 'NOT_FOUND', `No task ${path.taskId}`);
      const now = new Date().toISOString();
      const form = forms.get(`decision-${task.kind}`)!;
      const plan = planDecision({ task, record, form, body, language: languageOf(event), caller, idempotencyKey: event.headers['idempotency-key'], now });
      if (plan.replay) return { task, plan, linked: [] };
      const linked = await consentAcrossLinks(plan, record, caller, now);
      await writeDecision(task, plan, caller, record, now, linked);
      return { task, plan, linked };
    });
    if (plan.replay) return json(200, { taskId: task.taskId, status: task.status, resumed: !task.resume });
    if (plan.consent?.startLiaison) await startWorkflow('liaison', plan.consent.startLiaison, workflowInput('case', task.parentId));
    for (const ended of linked.flatMap((other) => other.ended)) await tellWorkflow({ ...ended, resume: consentWithdrawn }).catch(() => {});
    // If telling the workflow fails now, the overdue sweep tells it later: the decision is kept.
    const resumed = await tellWorkflow({ ...task, resume: plan.resume }).then(() => true, () => false);
    return json(200, { taskId: task.taskId, status: 'decided', resumed });
  },
});

