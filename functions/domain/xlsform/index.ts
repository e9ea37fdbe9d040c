// XLSForm in and out: pure (no AWS, no store). The routes store what readXlsForm returns and
// answer 400 with a refusal's code, sheet, row and column; nothing of a refused workbook is kept.
//
// Decisions (what the import does with what Puente has no place for):
// - Question types Puente cannot ask (geopoint, image, audio, file, barcode, time, datetime, range,
//   rank, select_one_from_file, select_one_external, hidden, kobomatrix…) are refused, not dropped:
//   a form that silently asks less than its authors wrote would collect the wrong data.
// - Metadata rows (start, end, today, deviceid, username, audit…) are left out with a warning:
//   Puente records who submitted and when itself, and never a device id.
// - Columns Puente does not read (appearance, media, required_message, repeat_count, Kobo's $kuid…)
//   and labels in languages Puente does not speak are warnings, one per column.
// - Groups at the top are sections; a group inside a group or a repeat is flattened into it, its
//   relevance joined into each of its questions (and guarding its calculations).
// - A repeat inside a repeat, `..`/position(), pulldata(), instance() and anything outside the
//   subset of xpath.ts are refused with their row and column; a default that is an expression is
//   not pre-filled (a warning).
// - `or_other` is supported as pyxform does it: an `other` choice and a `<name>_other` text.
// - form_title has no languages in XLSForm: an imported form's title is the same in every language.
export { readXlsForm, type XlsFormImport } from './read.ts';
export { writeXlsForm } from './write.ts';
export { XlsFormRefusal, type XlsFormWarning } from './refusal.ts';
