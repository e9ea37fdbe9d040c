// POST /screenings and POST /tips: the route's form (system/system.ts) creates a case or a tip
// with its submission, first step and idempotency claim in one transaction, then starts its
// workflow. A retry with the same key and body changes nothing.
import { system } from '../../system/system.ts';
import { forms } from '../../forms/registry.ts';
import { planIntake, workflowInput } from '../domain/intake.ts';
import { api, json } from '../middleware/http.ts';
import { createRecord, newRecordId } from '../store/records.ts';
import { startWorkflow } from '../store/workflows.ts';
import { submission } from '../contracts/requests.ts';

const intakes = new Map(system.routes.filter((route) => route.intake).map((route) => [`${route.method} ${route.path}`, route.intake!]));

export const handler = api({
  body: submission,
  handle: async ({ event, caller, body }) => {
    const binding = intakes.get(event.routeKey)!;
    const form = forms.get(body.formId, body.formVersion);
    const now = new Date().toISOString();
    const idempotencyKey = event.headers['idempotency-key'];
    const plan = planIntake({ binding, body, form, publishedVersions: forms.versionsOf(binding.formId), caller, idempotencyKey, id: newRecordId(binding.kind), now });
    const { id } = await createRecord(plan);
    // Started on every attempt: the execution is named after the record, so a retry after a failed start starts it then.
    await startWorkflow(plan.start.workflow, id, workflowInput(binding.kind, id));
    return json(201, { [`${binding.kind}Id`]: id });
  },
});
