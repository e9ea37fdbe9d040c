// XLSForm in and out: pure (no AWS, no store). The routes store what readXlsForm returns and
// answer 400 with a refusal's code, sheet, row and column.
export { readXlsForm, type XlsFormImport } from './read.ts';
export { writeXlsForm } from './write.ts';
export { XlsFormRefusal, type XlsFormWarning } from './refusal.ts';
