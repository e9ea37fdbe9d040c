// GET /cases and GET /tips: the status board. Coordinators see all; others their organisation's.
import { boardQuery } from './contracts.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { BadCursor, boardPage, organisationPage, type RecordKind, type RecordSummary } from '../store/records.ts';

function row(kind: RecordKind, record: RecordSummary & Record<string, any>, full: boolean) {
  const common = { [`${kind}Id`]: record.id, stage: record.stage, createdAt: record.createdAt, updatedAt: record.updatedAt, overdueTasks: record.overdueTasks ?? 0 };
  if (kind === 'tip') return { ...common, triage: record.triage };
  return full
    ? { ...common, riskLevel: record.assessment?.riskLevel, determination: record.assessment?.determination, flags: record.assessment?.flags ?? [], outcome: record.outcome }
    : { ...common, riskLevel: record.assessment?.riskLevel };
}

export const handler = api({
  handle: async ({ event, caller, query }) => {
    const kind: RecordKind = event.routeKey.endsWith('/tips') ? 'tip' : 'case';
    const parsed = boardQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'The filters are not valid; see fields', zodFields(parsed.error));
    const filters = parsed.data;
    let page;
    try {
      page = caller.role === 'coordinator' ? await boardPage(kind, filters) : await organisationPage(kind, caller.organisationId, filters);
    } catch (error) {
      if (error instanceof BadCursor) throw new HttpError(400, 'INVALID_REQUEST', error.message, { cursor: error.message });
      throw error;
    }
    const full = ['coordinator', 'screener', 'inspector'].includes(caller.role);
    const items = page.items.filter(
      (record: Record<string, any>) =>
        (!filters.risk || record.assessment?.riskLevel === filters.risk) &&
        (!filters.flag || (record.assessment?.flags ?? []).includes(filters.flag)) &&
        (!filters.triage || record.triage === filters.triage) &&
        (!filters.overdue || (record.overdueTasks ?? 0) > 0) &&
        (caller.role !== 'liaison' || kind === 'tip' || record.consent?.lawEnforcement === 'yes'),
    );
    return json(200, { items: items.map((record) => row(kind, record, full)), cursor: page.cursor });
  },
});
