// CSV as RFC 4180 writes it (CRLF, quotes doubled, a field quoted when it holds a quote, comma or
// line break), safe to open in a spreadsheet: a cell that starts like a formula (= + - @, or a tab
// or carriage return before one) is neutralised with a leading apostrophe (OWASP's advice), so a
// name typed as `=HYPERLINK(...)` is shown, never run.
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** The byte order mark: spreadsheets then read the file as UTF-8 (names with accents stay whole). */
export const csvBom = '\uFEFF';

export const csvContentType = 'text/csv; charset=utf-8; header=present';
