// The region side by side: each country's bulletin for one month (this deployment's own figures
// included, suppressed as a bulletin would be), indicator by indicator, row by row.
import type { Bulletin } from './bulletin.ts';
import type { PublishedValue } from './small-cells.ts';

export interface RegionalIndicator {
  id: string;
  columns: string[];
  rows: { key: string; byCountry: Record<string, PublishedValue[]> }[];
}

/** Indicators by id, rows by key, each row holding every country's values (a country without the row has none). */
export function sideBySide(bulletins: Pick<Bulletin, 'country' | 'indicators'>[]): { countries: string[]; indicators: RegionalIndicator[] } {
  const indicators = new Map<string, RegionalIndicator>();
  for (const bulletin of bulletins) {
    for (const table of bulletin.indicators) {
      const merged = indicators.get(table.id) ?? { id: table.id, columns: table.columns, rows: [] };
      indicators.set(table.id, merged);
      for (const row of table.rows) {
        let line = merged.rows.find((one) => one.key === row.key);
        if (!line) merged.rows.push((line = { key: row.key, byCountry: {} }));
        line.byCountry[bulletin.country] = merged.columns.map((column) => row.values[table.columns.indexOf(column)] ?? null);
      }
    }
  }
  return { countries: bulletins.map((bulletin) => bulletin.country), indicators: [...indicators.values()] };
}
