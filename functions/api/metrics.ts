// GET /metrics: counts by stage and risk, open and overdue tasks by kind, median times from
// screening to placement and to asylum referral. Anonymised aggregates only.
import { api, json } from '../middleware/http.ts';
import { boardPage, type RecordSummary } from '../store/records.ts';
import { overdueTasks } from '../store/tasks.ts';
import { openTaskCounts } from '../store/metrics.ts';

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const handler = api({
  handle: async ({ query }) => {
    const since = query.since ?? new Date(Date.now() - 90 * 24 * 3600 * 1000).toISOString();
    const cases: (RecordSummary & Record<string, any>)[] = [];
    let cursor: string | undefined;
    do {
      const page = await boardPage('case', { updatedSince: since, limit: 100, cursor });
      cases.push(...(page.items as (RecordSummary & Record<string, any>)[]));
      cursor = page.cursor;
    } while (cursor);
    const byStage: Record<string, number> = {};
    const byRisk: Record<string, number> = {};
    for (const record of cases) {
      byStage[record.stage] = (byStage[record.stage] ?? 0) + 1;
      const risk = record.assessment?.riskLevel ?? 'unassessed';
      byRisk[risk] = (byRisk[risk] ?? 0) + 1;
    }
    const hours = (from: string, to?: string) => (to ? (Date.parse(to) - Date.parse(from)) / 3_600_000 : undefined);
    const toPlacement = cases.map((record) => hours(record.createdAt, record.milestones?.placedAt)).filter((value): value is number => value !== undefined);
    const toAsylum = cases.map((record) => hours(record.createdAt, record.milestones?.asylumReferredAt)).filter((value): value is number => value !== undefined);
    const overdue = await overdueTasks(new Date().toISOString(), 1000);
    const overdueByKind: Record<string, number> = {};
    for (const task of overdue) overdueByKind[task.kind] = (overdueByKind[task.kind] ?? 0) + 1;
    return json(200, {
      since,
      cases: { total: cases.length, byStage, byRisk },
      tasks: { openByKind: await openTaskCounts(), overdueByKind },
      medianHours: { screeningToPlacement: median(toPlacement), screeningToAsylumReferral: median(toAsylum) },
    });
  },
});
