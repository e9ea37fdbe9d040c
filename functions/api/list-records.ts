// GET /cases and GET /tips: the status board. Who sees which records, and what of each, is the
// access policy's; the filters are read with the board, so a page is full when matches exist.
import { boardRow, listScope, onBoard } from '../domain/access.ts';
import { matchesFilters } from '../domain/board.ts';
import type { RecordKind, RecordSummary } from '../domain/records.ts';
import { boardQuery } from '../contracts/requests.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { boardPage, organisationPage } from '../store/records.ts';

export const handler = api({
  handle: async ({ event, caller, query }) => {
    const kind: RecordKind = event.routeKey.endsWith('/tips') ? 'tip' : 'case';
    const parsed = boardQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'The filters are not valid; see fields', zodFields(parsed.error));
    const filters = parsed.data;
    const keep = (record: RecordSummary) => onBoard(caller, kind, record) && matchesFilters(filters, record);
    const page = listScope(caller) === 'all' ? await boardPage(kind, filters, keep) : await organisationPage(kind, caller.organisationId, filters, keep);
    return json(200, { items: page.items.map((record) => boardRow(caller, kind, record)), cursor: page.cursor });
  },
});
