// Small cells, protected before a figure leaves the deployment: every count below the threshold
// (policy.ts) is shown as "<11" (primary suppression), and where a published total would give a
// suppressed cell back by subtraction, more cells are suppressed (secondary suppression): no line
// (a total and the cells that add up to it) keeps exactly one suppressed cell, nor suppressed
// cells that add up to less than the threshold. Statistics (medians, shares) resting on a
// suppressed count are withheld. Pure: a table in, the table as it may be published out.
import { indicatorPolicy } from './policy.ts';

/** One indicator's figures: a row per group (the row `total` sums the others, where the shape says). */
export interface IndicatorTable {
  id: string;
  columns: string[];
  rows: { key: string; values: (number | null)[] }[];
}

/** How a table's cells relate, so suppression knows what a reader could subtract. */
export interface TableShape {
  /** The columns that count people, referrals or tips (the others are statistics). */
  counts: string[];
  /** The row keyed `total` holds, for each count column, the sum of the other rows. */
  totalRow?: boolean;
  /** In each row, `column` is the sum of the columns `of`. */
  sums?: { column: string; of: string[] }[];
  /** A statistic column and the count columns it rests on: withheld when any of them is suppressed. */
  statistics?: Record<string, string[]>;
}

export const TOTAL = 'total';

/** A published cell: a count, `"<11"`, a statistic, or null (withheld or none). */
export type PublishedValue = number | string | null;

export interface PublishedTable {
  id: string;
  columns: string[];
  rows: { key: string; values: PublishedValue[] }[];
}

type Cell = `${number}:${number}`;
const cell = (row: number, column: number): Cell => `${row}:${column}`;

/** The lines a reader could subtract along: each a total cell and the cells adding up to it. */
function linesOf(table: IndicatorTable, shape: TableShape): { total: Cell; parts: Cell[] }[] {
  const column = (name: string) => table.columns.indexOf(name);
  const lines: { total: Cell; parts: Cell[] }[] = [];
  const totalRow = shape.totalRow ? table.rows.findIndex((row) => row.key === TOTAL) : -1;
  if (totalRow >= 0) {
    for (const name of shape.counts) {
      const parts = table.rows.map((_, index) => index).filter((index) => index !== totalRow);
      lines.push({ total: cell(totalRow, column(name)), parts: parts.map((index) => cell(index, column(name))) });
    }
  }
  for (const sum of shape.sums ?? []) {
    table.rows.forEach((_, index) => lines.push({ total: cell(index, column(sum.column)), parts: sum.of.map((name) => cell(index, column(name))) }));
  }
  return lines;
}

/** The cells to suppress: the small ones, then whatever a line would give back. */
export function suppressedCells(table: IndicatorTable, shape: TableShape, threshold = indicatorPolicy.smallCellThreshold): Set<Cell> {
  const value = (at: Cell) => {
    const [row, column] = at.split(':').map(Number);
    return table.rows[row].values[column] ?? 0;
  };
  const counts = shape.counts.map((name) => table.columns.indexOf(name));
  const suppressed = new Set<Cell>();
  table.rows.forEach((row, index) => counts.forEach((column) => (row.values[column] ?? 0) < threshold && suppressed.add(cell(index, column))));
  const lines = linesOf(table, shape);
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (suppressed.has(line.total)) continue;
      const hidden = line.parts.filter((part) => suppressed.has(part));
      if (!hidden.length) continue;
      if (hidden.length > 1 && hidden.reduce((sum, part) => sum + value(part), 0) >= threshold) continue;
      // The smallest cell still shown hides the suppressed ones best at the least cost; none left, the total goes.
      const next = line.parts.filter((part) => !suppressed.has(part)).sort((a, b) => value(a) - value(b))[0] ?? line.total;
      suppressed.add(next);
      changed = true;
    }
  }
  return suppressed;
}

/** The table as it may leave the deployment. */
export function publishable(table: IndicatorTable, shape: TableShape, threshold = indicatorPolicy.smallCellThreshold): PublishedTable {
  const suppressed = suppressedCells(table, shape, threshold);
  const hidden = `<${threshold}`;
  const column = (name: string) => table.columns.indexOf(name);
  return {
    id: table.id,
    columns: table.columns,
    rows: table.rows.map((row, index) => ({
      key: row.key,
      values: row.values.map((value, at) => {
        if (suppressed.has(cell(index, at))) return hidden;
        const basis = shape.statistics?.[table.columns[at]];
        return basis?.some((name) => suppressed.has(cell(index, column(name)))) ? null : value;
      }),
    })),
  };
}

const csvField = (value: PublishedValue) => {
  // A field a spreadsheet would run as a formula is quoted as text.
  const text = value === null ? '' : typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Published tables as one CSV, a line per cell: indicator, row, column, value. */
export function indicatorsCsv(tables: PublishedTable[]): string {
  const lines = [['indicator', 'row', 'column', 'value'].join(',')];
  for (const table of tables) {
    for (const row of table.rows) row.values.forEach((value, at) => lines.push([table.id, row.key, table.columns[at], value].map(csvField).join(',')));
  }
  return `${lines.join('\n')}\n`;
}
