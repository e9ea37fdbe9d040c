// Reading an uploaded .xlsx safely: the zip is measured by inflating every entry with a cap
// before any part is parsed (a zip bomb is refused, whatever its headers claim), sheets, rows,
// columns and cells are capped (policy.ts), and formulas are never evaluated: a formula cell's
// cached result is read, with a warning.
import { inflateRawSync } from 'node:zlib';
import { xlsformPolicy } from '../policy.ts';
import { invalid, unsupported, type XlsFormWarning } from './refusal.ts';
import { openWorkbook, UnreadableWorkbook } from './xlsx.ts';

/** One sheet: its header cells as written, and its non-empty rows by 1-based spreadsheet number. */
export interface Sheet {
  name: string;
  headerRow?: number;
  headers: { column: number; header: string }[];
  rows: { row: number; cells: Map<number, string> }[];
}

const workbookPlace = { sheet: 'workbook' };

/** Measures the zip by inflating each entry under a cap; refuses what is not a plain, bounded zip. */
export function checkZip(bytes: Uint8Array): void {
  if (bytes.length > xlsformPolicy.maxBytes) throw invalid(workbookPlace, `the file is larger than ${xlsformPolicy.maxBytes} bytes`);
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const notXlsx = () => invalid(workbookPlace, 'this is not an .xlsx workbook (an XLSForm saved as Excel 2007 or later)');
  // The end-of-central-directory record: within the last 64 KiB + 22 bytes.
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw notXlsx();
  const entries = data.readUInt16LE(end + 10);
  if (entries > xlsformPolicy.maxZipEntries) throw invalid(workbookPlace, `the workbook holds more than ${xlsformPolicy.maxZipEntries} parts`);
  let offset = data.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > data.length || data.readUInt32LE(offset) !== 0x02014b50) throw notXlsx();
    const method = data.readUInt16LE(offset + 10);
    const compressed = data.readUInt32LE(offset + 20);
    const local = data.readUInt32LE(offset + 42);
    if (compressed === 0xffffffff || local === 0xffffffff) throw unsupported(workbookPlace, 'a zip64 workbook');
    if (local + 30 > data.length || data.readUInt32LE(local) !== 0x04034b50) throw notXlsx();
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    if (start + compressed > data.length) throw notXlsx();
    const budget = xlsformPolicy.maxInflatedBytes - total;
    if (method === 0) total += compressed;
    else if (method === 8) {
      try {
        total += inflateRawSync(data.subarray(start, start + compressed), { maxOutputLength: Math.max(1, budget) }).length;
      } catch (error) {
        if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw invalid(workbookPlace, `the workbook inflates to more than ${xlsformPolicy.maxInflatedBytes} bytes`);
        }
        throw notXlsx();
      }
    } else throw unsupported(workbookPlace, `zip compression method ${method}`);
    if (total > xlsformPolicy.maxInflatedBytes) throw invalid(workbookPlace, `the workbook inflates to more than ${xlsformPolicy.maxInflatedBytes} bytes`);
    offset += 46 + data.readUInt16LE(offset + 28) + data.readUInt16LE(offset + 30) + data.readUInt16LE(offset + 32);
  }
}

/** The workbook's sheets by lower-case name, every cell as trimmed text. */
export async function readSheets(bytes: Uint8Array, warnings: XlsFormWarning[]): Promise<Map<string, Sheet>> {
  checkZip(bytes);
  try {
    const workbook = openWorkbook(bytes);
    if (workbook.sheets.length > xlsformPolicy.maxSheets) throw invalid(workbookPlace, `more than ${xlsformPolicy.maxSheets} sheets`);
    const sheets = new Map<string, Sheet>();
    for (const sheetName of workbook.sheets) {
      const name = sheetName.trim().toLowerCase();
      if (!['survey', 'choices', 'settings'].includes(name)) {
        warnings.push({ sheet: sheetName, message: 'this sheet is not read (only survey, choices and settings are)' });
        continue;
      }
      const sheet: Sheet = { name, headers: [], rows: [] };
      for (const { row, cells: read } of workbook.rows(sheetName)) {
        if (row > xlsformPolicy.maxRows + 1) throw invalid({ sheet: name }, `more than ${xlsformPolicy.maxRows} rows`);
        const cells = new Map<number, string>();
        for (const { column, text: written, formula } of read) {
          if (column > xlsformPolicy.maxColumns) throw invalid({ sheet: name }, `more than ${xlsformPolicy.maxColumns} columns`);
          const header = sheet.headers.find((h) => h.column === column)?.header ?? `column ${column}`;
          if (formula) warnings.push({ sheet: name, row, column: header, message: 'a formula: its saved result is read, the formula is not evaluated' });
          const text = written.trim();
          if (text.length > xlsformPolicy.maxCellLength) throw invalid({ sheet: name, row, column: header }, `a cell longer than ${xlsformPolicy.maxCellLength} characters`);
          if (text !== '') cells.set(column, text);
        }
        if (cells.size === 0) continue;
        // The first non-empty row names the columns.
        if (sheet.headers.length === 0) {
          sheet.headers = [...cells].map(([column, header]) => ({ column, header }));
          sheet.headerRow = row;
        } else sheet.rows.push({ row, cells });
      }
      sheets.set(name, sheet);
    }
    return sheets;
  } catch (error) {
    if (error instanceof UnreadableWorkbook) throw invalid(workbookPlace, `this .xlsx workbook cannot be read: ${error.message}`);
    throw error;
  }
}
