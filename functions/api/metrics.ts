// GET /metrics[?since=]: the coordinator's figures over the cases changed since then (90 days by
// default): counts by stage and risk, open tasks and slipped deadlines by kind, median times.
import { caseMetrics } from '../domain/metrics.ts';
import { metricsQuery } from '../contracts/requests.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { casesChangedSince, openTaskCounts } from '../store/metrics.ts';

export const handler = api({
  handle: async ({ query }) => {
    const parsed = metricsQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'The query is not valid; see fields', zodFields(parsed.error));
    const since = parsed.data.since ?? new Date(Date.now() - 90 * 24 * 3600 * 1000).toISOString();
    const [cases, openByKind] = await Promise.all([casesChangedSince(since), openTaskCounts()]);
    const { overdueByKind, ...figures } = caseMetrics(cases);
    return json(200, { since, ...figures, tasks: { openByKind, overdueByKind } });
  },
});
