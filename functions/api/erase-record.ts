// POST /cases/{caseId}/erasure and POST /tips/{tipId}/erasure: crypto-shredding. The record's key
// is deleted with its open steps withdrawn and the erasure recorded, in one transaction; then its
// executions are stopped. Afterwards the record answers 410 ERASED; its non-personal part stays.
// A case linked to others as the same person says whether they go too (domain/erasure.ts).
import { erasureRequest } from '../contracts/requests.ts';
import { linkedToErase, planErasure, type ErasurePlan } from '../domain/erasure.ts';
import { kindOfId, type RecordKind, type RecordParts } from '../domain/records.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { linkedCasesOf } from '../store/matching.ts';
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
    const now = new Date().toISOString();
    const plan = planErasure(parts, caller, body.reason, now);
    const linked = kind === 'case' ? await linkedCasesOf([parts]) : [];
    const alongside = linkedToErase(id, linked.map((other) => other.record.id), body.linkedCases);
    // Each decided before any is written (a legal hold on one refuses all); the linked cases written
    // first, so should one fail, the same request made again on this case finishes the set.
    const others = linked.filter((other) => alongside.includes(other.record.id)).map((other) => [other, planErasure(other, caller, body.reason, now)] as const);
    for (const [other, otherPlan] of others) await erase(other, otherPlan);
    await erase(parts, plan);
    return json(200, { [`${kind}Id`]: id, stage: 'erased', withdrawnTasks: plan.withdraw.length, ...(alongside.length ? { erasedLinkedCases: alongside } : {}) });
  },
});

/** One record erased in its own transaction (a case only over the links read), then its executions stopped. */
async function erase(parts: RecordParts, plan: ErasurePlan) {
  await writeErasure(parts.record, plan, { linksAsRead: parts.record.kind === 'case' });
  for (const execution of plan.executions) await stopWorkflow(execution, 'the record was erased');
}
