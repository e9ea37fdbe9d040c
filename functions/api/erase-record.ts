// POST /cases/{caseId}/erasure and POST /tips/{tipId}/erasure: crypto-shredding. The record's key
// is deleted with its open steps withdrawn and the erasure recorded, in one transaction; then its
// executions are stopped. Afterwards the record answers 410 ERASED; its non-personal part stays.
import { erasureRequest } from '../contracts/requests.ts';
import { planErasure } from '../domain/erasure.ts';
import { kindOfId, type RecordKind } from '../domain/records.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { loadRecord } from '../store/records.ts';
import { writeErasure } from '../store/tasks.ts';
import { stopWorkflow } from '../store/workflows.ts';

export const handler = api({
  body: erasureRequest,
  handle: async ({ event, caller, path, body }) => {
    const kind: RecordKind = event.routeKey.includes('/tips/') ? 'tip' : 'case';
    const id = kind === 'tip' ? path.tipId : path.caseId;
    const parts = kindOfId(id) === kind ? await loadRecord(kind, id, { personal: false }) : undefined;
    if (!parts) throw new HttpError(404, 'NOT_FOUND', `No ${kind} ${id}`);
    const plan = planErasure(parts, caller, body.reason, new Date().toISOString());
    await writeErasure(parts.record, plan);
    for (const execution of plan.executions) await stopWorkflow(execution, 'the record was erased');
    return json(200, { [`${kind}Id`]: id, stage: 'erased', withdrawnTasks: plan.withdraw.length });
  },
});
