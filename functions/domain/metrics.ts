// The coordinator's figures over the cases changed in a period: counts by stage and risk, deadlines
// that slipped by task kind, and median times from screening to placement and to asylum referral,
// counted when each happened (not when the case closed). Aggregates only.
import type { RecordSummary } from './records.ts';

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const tally = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

export function caseMetrics(cases: (RecordSummary & Record<string, any>)[]) {
  const byStage: Record<string, number> = {};
  const byRisk: Record<string, number> = {};
  const overdueByKind: Record<string, number> = {};
  for (const record of cases) {
    tally(byStage, record.stage);
    tally(byRisk, record.assessment?.riskLevel ?? 'unassessed');
    for (const [kind, count] of Object.entries((record.overdueByKind ?? {}) as Record<string, number>)) tally(overdueByKind, kind, count);
  }
  const hoursTo = (milestone: string) =>
    cases.filter((record) => record.milestones?.[milestone]).map((record) => (Date.parse(record.milestones[milestone]) - Date.parse(record.createdAt)) / 3_600_000);
  return {
    cases: { total: cases.length, byStage, byRisk },
    overdueByKind,
    medianHours: { screeningToPlacement: median(hoursTo('placedAt')), screeningToAsylumReferral: median(hoursTo('asylumReferredAt')) },
  };
}
