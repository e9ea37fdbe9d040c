// The board's filters, as a coordinator or an organisation asks: a risk level, a flag, a triage,
// only what is overdue. Applied while the board is read, so a page is full when matches exist.
import type { RecordSummary } from './records.ts';

export interface BoardFilters {
  risk?: string;
  flag?: string;
  triage?: string;
  overdue?: 'true';
}

/** How many of a record's deadlines slipped, by kind and in all (the board shows the sum). */
export const overdueCount = (record: RecordSummary) => Object.values((record.overdueByKind ?? {}) as Record<string, number>).reduce((sum, count) => sum + count, 0);

export function matchesFilters(filters: BoardFilters, record: RecordSummary & Record<string, any>): boolean {
  return (
    (!filters.risk || record.assessment?.riskLevel === filters.risk) &&
    (!filters.flag || (record.assessment?.flags ?? []).includes(filters.flag)) &&
    (!filters.triage || record.triage === filters.triage) &&
    (!filters.overdue || overdueCount(record) > 0)
  );
}
