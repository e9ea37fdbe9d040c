// SpreadsheetML (.xlsx) as plain cells, read and written with a zip library and an XML parser
// rather than a whole spreadsheet library (exceljs made the XLSForm functions 1.3 MB).
// Reading follows the package's relationships, as Excel, LibreOffice, Kobo and openpyxl write
// them; a part that declares a DOCTYPE is refused before it is parsed (entities are never
// expanded), and only the parts asked for are inflated. Writing makes the smallest workbook
// that Excel, LibreOffice and openpyxl (so pyxform) open: inline strings, one default style.
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/** A workbook that is not well-formed SpreadsheetML. */
export class UnreadableWorkbook extends Error {}

/** A cell as read: its text as a spreadsheet shows it, and whether a formula computed it. */
export interface XlsxCell {
  column: number;
  text: string;
  formula: boolean;
}
export interface XlsxRow {
  row: number;
  cells: XlsxCell[];
}
export type XlsxValue = string | number | boolean | null | undefined;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // `x:row` and `row` alike (some .NET writers prefix the main namespace); `r:id` reads as `@id`.
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Text keeps its spaces (rich-text runs join as written); cells are trimmed by the caller.
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['sheet', 'Relationship', 'si', 'r', 'row', 'c', 'numFmt', 'xf'].includes(name),
});

type Node = Record<string, unknown>;
const list = (value: unknown): Node[] => (Array.isArray(value) ? value : []);
const child = (node: unknown, name: string): Node | undefined => (node && typeof node === 'object' ? ((node as Node)[name] as Node | undefined) : undefined);

// Entities are not processed by the parser (no DOCTYPE can define one), so the five XML ones,
// character references and Excel's _xHHHH_ escapes are decoded here.
const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decode(text: string): string {
  return text
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
      if (name[0] !== '#') return named[name] ?? whole;
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
}
const attribute = (node: Node | undefined, name: string): string | undefined => {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? decode(value) : undefined;
};
/** The text of `<t>`, or of a string item's runs `<r><t>` (phonetic runs `<rPh>` are not the text). */
function text(node: unknown): string {
  if (typeof node === 'string') return decode(node);
  if (!node || typeof node !== 'object') return '';
  const own = (node as Node)['#text'];
  if (typeof own === 'string' && !('t' in node) && !('r' in node)) return decode(own);
  const t = (node as Node).t;
  if (t !== undefined) return text(t);
  return list((node as Node).r).map((run) => text(run.t)).join('');
}

function parse(xml: string, name: string): Node {
  // No DTD in SpreadsheetML: a DOCTYPE can only be there to define entities (billion laughs).
  if (/<!DOCTYPE/i.test(xml)) throw new UnreadableWorkbook(`${name} declares a DOCTYPE`);
  try {
    return parser.parse(xml) as Node;
  } catch {
    throw new UnreadableWorkbook(`${name} is not well-formed XML`);
  }
}

/** A relationship's target as a part name: relative to the source part's folder, or absolute. */
function resolve(source: string, target: string): string {
  const path = new URL(target, `file:///${source}`).pathname.slice(1);
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
const relationshipsOf = (source: string) => source.replace(/([^/]*)$/, '_rels/$1.rels');

/** Column letters to a 1-based number: `C` → 3, `AA` → 27. */
function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters.toUpperCase()) number = number * 26 + letter.charCodeAt(0) - 64;
  return number;
}
function columnLetters(number: number): string {
  let letters = '';
  for (let n = number; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

// Built-in number formats that show a date (ECMA-376 §18.8.30), and a custom format's date or
// time codes once its quoted text, [colours] and escaped characters are set aside.
const dateFormatIds = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);
const isDateFormat = (code: string) => /[dmyhs]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\.|_.|\*./g, ''));

/** A workbook's sheet names, in order, and each sheet's non-empty cells on demand. */
export function openWorkbook(bytes: Uint8Array): { sheets: string[]; rows: (sheet: string) => XlsxRow[] } {
  // Part names are compared without case, as OPC does; only the part asked for is inflated.
  const part = (name: string): string | undefined => {
    const wanted = name.toLowerCase();
    let files;
    try {
      files = unzipSync(bytes, { filter: (file) => file.name.toLowerCase() === wanted });
    } catch {
      throw new UnreadableWorkbook('the zip cannot be read');
    }
    const found = Object.values(files)[0];
    return found && strFromU8(found).replace(/^\uFEFF/, '');
  };
  const xml = (name: string) => {
    const content = part(name);
    return content === undefined ? undefined : parse(content, name);
  };
  const relationships = (source: string) =>
    list(child(xml(relationshipsOf(source)), 'Relationships')?.Relationship).map((relationship) => ({
      id: attribute(relationship, 'Id'),
      type: attribute(relationship, 'Type') ?? '',
      target: resolve(source, attribute(relationship, 'Target') ?? ''),
    }));

  const workbookPart = relationships('').find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbook = child(xml(workbookPart), 'workbook');
  if (!workbook) throw new UnreadableWorkbook('there is no workbook part');
  const parts = relationships(workbookPart);
  const ofType = (type: string) => parts.find((r) => r.type.endsWith(`/${type}`))?.target;
  const sheets = list(child(workbook, 'sheets')?.sheet).map((sheet) => ({ name: attribute(sheet, 'name') ?? '', target: parts.find((r) => r.id === attribute(sheet, 'id'))?.target }));

  const sharedStringsPart = ofType('sharedStrings');
  const sharedStrings = list(child(sharedStringsPart && xml(sharedStringsPart), 'sst')?.si).map(text);
  const stylesPart = ofType('styles');
  const styles = child(stylesPart && xml(stylesPart), 'styleSheet');
  const customDates = new Set(list(child(styles, 'numFmts')?.numFmt).filter((format) => isDateFormat(attribute(format, 'formatCode') ?? '')).map((format) => Number(attribute(format, 'numFmtId'))));
  const dateStyles = list(child(styles, 'cellXfs')?.xf).map((xf) => {
    const id = Number(attribute(xf, 'numFmtId') ?? 0);
    return dateFormatIds.has(id) || customDates.has(id);
  });
  // Serial day numbers count from 1899-12-30, or from 1904-01-01 in a workbook that says so.
  const epoch = ['1', 'true'].includes(attribute(child(workbook, 'workbookPr'), 'date1904') ?? '') ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);

  const cellText = (cell: Node): string => {
    const type = attribute(cell, 't') ?? 'n';
    const value = text(cell.v);
    switch (type) {
      case 's':
        return sharedStrings[Number(value)] ?? '';
      case 'inlineStr':
        return text(cell.is);
      case 'str':
        return value;
      case 'b':
        return value === '1' ? 'true' : value === '0' ? 'false' : '';
      case 'd':
        return value.slice(0, 10);
      case 'e':
        return '';
      default: {
        const number = Number(value);
        if (value.trim() === '' || !Number.isFinite(number)) return value;
        if (dateStyles[Number(attribute(cell, 's') ?? 0)]) return new Date(epoch + Math.round(number * 86_400_000)).toISOString().slice(0, 10);
        return String(number);
      }
    }
  };

  return {
    sheets: sheets.map((sheet) => sheet.name),
    rows(name) {
      const target = sheets.find((sheet) => sheet.name === name)?.target;
      const worksheet = child(target && xml(target), 'worksheet');
      if (!worksheet) throw new UnreadableWorkbook(`the sheet ${name} has no worksheet part`);
      const rows: XlsxRow[] = [];
      let rowNumber = 0;
      for (const row of list(child(worksheet, 'sheetData')?.row)) {
        // A row or cell without a reference follows the one before it.
        rowNumber = Number(attribute(row, 'r') ?? rowNumber + 1);
        let columnAt = 0;
        const cells: XlsxCell[] = [];
        for (const cell of list(row.c)) {
          const reference = attribute(cell, 'r')?.match(/^([A-Za-z]+)/);
          columnAt = reference ? columnNumber(reference[1]) : columnAt + 1;
          const value = cellText(cell);
          if (value !== '' || cell.f !== undefined) cells.push({ column: columnAt, text: value, formula: cell.f !== undefined });
        }
        if (cells.length) rows.push({ row: rowNumber, cells });
      }
      return rows;
    },
  };
}

// Characters XML 1.0 cannot carry at all are dropped; the rest is escaped.
const forbidden = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const escape = (value: string) => value.replace(forbidden, '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const officeDocument = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const packageRelationships = 'http://schemas.openxmlformats.org/package/2006/relationships';
const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function cellXml(value: XlsxValue, reference: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${reference}"><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${reference}" t="b"><v>${value ? 1 : 0}</v></c>`;
  return `<c r="${reference}" t="inlineStr"><is><t xml:space="preserve">${escape(String(value))}</t></is></c>`;
}

/** An .xlsx of the sheets, in order; empty cells (null, undefined, '') are left out. */
export function writeWorkbook(sheets: { name: string; rows: XlsxValue[][] }[]): Uint8Array {
  const worksheet = (rows: XlsxValue[][]) => {
    const rowsXml = rows.map((row, r) => {
      const cells = row.map((value, c) => (value === null || value === undefined || value === '' ? '' : cellXml(value, `${columnLetters(c + 1)}${r + 1}`))).join('');
      return cells && `<row r="${r + 1}">${cells}</row>`;
    });
    return `${declaration}<worksheet xmlns="${main}"><sheetData>${rowsXml.join('')}</sheetData></worksheet>`;
  };
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `${declaration}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets.map((_, n) => `<Override PartName="/xl/worksheets/sheet${n + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '</Types>',
    ),
    '_rels/.rels': strToU8(`${declaration}<Relationships xmlns="${packageRelationships}"><Relationship Id="rId1" Type="${officeDocument}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(
      `${declaration}<workbook xmlns="${main}" xmlns:r="${officeDocument}"><bookViews><workbookView/></bookViews><sheets>` +
        sheets.map((sheet, n) => `<sheet name="${escape(sheet.name)}" sheetId="${n + 1}" r:id="rId${n + 1}"/>`).join('') +
        '</sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${declaration}<Relationships xmlns="${packageRelationships}">` +
        sheets.map((_, n) => `<Relationship Id="rId${n + 1}" Type="${officeDocument}/worksheet" Target="worksheets/sheet${n + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="${officeDocument}/styles" Target="styles.xml"/></Relationships>`,
    ),
    // The least a styles part holds for Excel to open the workbook without a repair.
    'xl/styles.xml': strToU8(
      `${declaration}<styleSheet xmlns="${main}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    ),
    ...Object.fromEntries(sheets.map((sheet, n) => [`xl/worksheets/sheet${n + 1}.xml`, strToU8(worksheet(sheet.rows))])),
  };
  // A fixed time keeps the same workbook byte for byte (fixtures are committed).
  return zipSync(files, { level: 6, mtime: new Date(Date.UTC(2026, 0, 1)) });
}
