// GET /cases/{caseId} and GET /tips/{tipId}: one record, as the access policy lets the caller see
// it; every read by a person is audited. A record the caller may not see answers as if it did not exist.
import { forms } from '../../forms/registry.ts';
import { caseView, mayOpenPersonalData, maySeeCase, maySeeTip, tipView } from '../domain/access.ts';
import { kindOfId, type RecordKind } from '../domain/records.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { loadRecord } from '../store/records.ts';
import { recordReads } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ event, caller, path }) => {
    const kind: RecordKind = event.routeKey.startsWith('GET /tips') ? 'tip' : 'case';
    const id = kind === 'tip' ? path.tipId : path.caseId;
    const parts = kindOfId(id) === kind ? await loadRecord(kind, id, { personal: (record) => mayOpenPersonalData(caller, record) }) : undefined;
    const allowed = parts && (kind === 'case' ? maySeeCase(caller, parts) : maySeeTip(caller, parts));
    if (!parts || !allowed) throw new HttpError(404, 'NOT_FOUND', `No ${kind} ${id} that you may see`);
    if (parts.erased) throw new HttpError(410, 'ERASED', `The ${kind} ${id} was erased; what remains holds nothing about the person`);
    await recordReads([{ kind, id, reader: caller, view: `${caller.role}-view` }]);
    if (kind === 'case') return json(200, caseView(caller, parts));
    return json(200, tipView(caller, parts, forms.get(parts.record.formId ?? '', parts.record.formVersion)));
  },
});
