// POST /cases/{caseId}/legal-hold and POST /tips/{tipId}/legal-hold: a coordinator holds a record
// (no erasure, by the retention sweep or anyone, until lifted) or lifts the hold; both recorded.
import { legalHoldRequest } from '../contracts/requests.ts';
import { kindOfId, type RecordKind } from '../domain/records.ts';
import { liftLegalHold, setLegalHold, type RetainedRecord } from '../domain/retention.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { getRecord, writeRecordChange } from '../store/records.ts';

export const handler = api({
  body: legalHoldRequest,
  handle: async ({ event, caller, path, body }) => {
    const kind: RecordKind = event.routeKey.includes('/tips/') ? 'tip' : 'case';
    const id = kind === 'tip' ? path.tipId : path.caseId;
    const record = kindOfId(id) === kind ? await getRecord(kind, id) : undefined;
    if (!record) throw new HttpError(404, 'NOT_FOUND', `No ${kind} ${id}`);
    const now = new Date();
    const change = body.hold ? setLegalHold(record as unknown as RetainedRecord, { by: caller, reason: body.reason ?? '', now }) : liftLegalHold(record as unknown as RetainedRecord, { now });
    if (!change.ok) throw new HttpError(change.code === 'REASON_REQUIRED' ? 400 : 409, change.code, change.message);
    const step = { event: body.hold ? 'legal-hold' : 'legal-hold-lifted', actor: caller };
    await writeRecordChange(kind, id, record.stage, change.fields, step, now.toISOString());
    return json(200, { [`${kind}Id`]: id, legalHold: change.fields.legalHold });
  },
});
