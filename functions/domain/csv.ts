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

/**
 * How many of `items` fit in one answer of at most `budgetBytes`, and their pieces (a CSV line, a
 * JSON row), measured as they travel in the function's response (JSON-escaped); an item whose piece
 * is undefined is passed over (counted, nothing sent). At least one item is always taken.
 */
export function fillAnswer<T>(items: T[], piece: (item: T) => string | undefined, budgetBytes: number): { pieces: string[]; taken: number } {
  const pieces: string[] = [];
  let bytes = 0;
  let taken = 0;
  for (const item of items) {
    const text = piece(item);
    const size = text === undefined ? 0 : Buffer.byteLength(JSON.stringify(text));
    if (taken > 0 && bytes + size > budgetBytes) break;
    bytes += size;
    taken++;
    if (text !== undefined) pieces.push(text);
  }
  return { pieces, taken };
}
