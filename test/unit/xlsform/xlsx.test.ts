// SpreadsheetML as other tools write it: Excel's shared strings and rich text, LibreOffice's
// absolute targets, cells and rows without references, booleans, dates, formulas and errors.
import { strToU8, unzipSync, zipSync } from 'fflate';
import { expect, test } from 'vitest';
import { openWorkbook, UnreadableWorkbook, writeWorkbook } from '../../../functions/domain/xlsform/xlsx.ts';

const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const packageRelationships = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A workbook part by part, as another tool wrote it. */
const xlsx = (parts: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)])));
const texts = (rows: ReturnType<ReturnType<typeof openWorkbook>['rows']>) => rows.map(({ row, cells }) => [row, cells.map((cell) => [cell.column, cell.text, cell.formula])]);

const excelLike = {
  '_rels/.rels': `<Relationships xmlns="${packageRelationships}"><Relationship Id="rId1" Type="${relationships}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml': `\uFEFF<?xml version="1.0"?><x:workbook xmlns:x="${main}" xmlns:r="${relationships}"><x:workbookPr/><x:sheets><x:sheet name="Notes &amp; more" sheetId="2" r:id="rId9"/><x:sheet name="survey" sheetId="1" r:id="rId3"/></x:sheets></x:workbook>`,
  'xl/_rels/workbook.xml.rels': `<Relationships xmlns="${packageRelationships}"><Relationship Id="rId3" Type="${relationships}/worksheet" Target="/xl/worksheets/Sheet A.xml"/><Relationship Id="rId9" Type="${relationships}/worksheet" Target="worksheets/other.xml"/><Relationship Id="rId4" Type="${relationships}/sharedStrings" Target="strings.xml"/><Relationship Id="rId5" Type="${relationships}/styles" Target="../xl/styles.xml"/></Relationships>`,
  'xl/strings.xml': `<sst xmlns="${main}"><si><t>type</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Na</t></r><r><t xml:space="preserve">me </t></r><rPh><t>ネーム</t></rPh></si><si><t>A &amp; B&#233;_x000D_</t></si></sst>`,
  'xl/styles.xml': `<styleSheet xmlns="${main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="&quot;days&quot; 0"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>`,
  'xl/worksheets/Sheet A.xml':
    `<x:worksheet xmlns:x="${main}"><x:sheetData>` +
    '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c r="D1" t="s"><x:v>2</x:v></x:c></x:row>' +
    '<x:row><x:c t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c><x:v>2.0</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>' +
    '<x:row r="5"><x:c r="A5" s="1"><x:v>46355</x:v></x:c><x:c r="B5" s="2"><x:v>46355.75</x:v></x:c><x:c r="C5" s="3"><x:v>7</x:v></x:c><x:c r="D5" t="d"><x:v>2026-11-29T00:00:00Z</x:v></x:c></x:row>' +
    '<x:row r="6"><x:c r="AB6" t="str"><x:f>CONCATENATE("a","b")</x:f><x:v>ab</x:v></x:c><x:c r="AC6"><x:f>1/0</x:f></x:c><x:c r="AD6" s="1"/></x:row>' +
    '</x:sheetData></x:worksheet>',
  'xl/worksheets/other.xml': 'not read',
};

test('an Excel-like workbook: relationships, shared and rich strings, references, booleans, numbers, dates, formulas, errors', () => {
  const book = openWorkbook(xlsx(excelLike));
  expect(book.sheets).toEqual(['Notes & more', 'survey']);
  expect(texts(book.rows('survey'))).toEqual([
    [1, [[1, 'type', false], [2, 'Name ', false], [4, 'A & Bé\r', false]]],
    [2, [[1, 'inline', false], [2, 'true', false], [3, '2', false]]],
    [5, [[1, '2026-11-29', false], [2, '2026-11-29', false], [3, '7', false], [4, '2026-11-29', false]]],
    [6, [[28, 'ab', true], [29, '', true]]],
  ]);
});

test('a 1904 workbook counts its dates from 1904', () => {
  const book = openWorkbook(xlsx({ ...excelLike, 'xl/workbook.xml': excelLike['xl/workbook.xml'].replace('<x:workbookPr/>', '<x:workbookPr date1904="1"/>') }));
  expect(book.rows('survey')[2].cells[0].text).toBe('2030-11-30');
});

test('a part that declares a DOCTYPE is refused before it is parsed', () => {
  const withEntities = `<!DOCTYPE workbook [<!ENTITY a "b">]>${excelLike['xl/workbook.xml'].replace('\uFEFF<?xml version="1.0"?>', '')}`;
  expect(() => openWorkbook(xlsx({ ...excelLike, 'xl/workbook.xml': withEntities }))).toThrow(UnreadableWorkbook);
  expect(() => openWorkbook(strToU8('type,name'))).toThrow(UnreadableWorkbook);
});

test('written text comes back as written, escaped, without the characters XML cannot carry', () => {
  const written = writeWorkbook([{ name: 'a & b', rows: [['<b>"x" & y</b>', null, ' spaced ', 3.5, false], [], ['bell\u0007 ok', 'ünïcødé 🙂']] }]);
  expect(Object.keys(unzipSync(written))).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']);
  const book = openWorkbook(written);
  expect(book.sheets).toEqual(['a & b']);
  expect(texts(book.rows('a & b'))).toEqual([
    [1, [[1, '<b>"x" & y</b>', false], [3, ' spaced ', false], [4, '3.5', false], [5, 'false', false]]],
    [3, [[1, 'bell ok', false], [2, 'ünïcødé 🙂', false]]],
  ]);
});
