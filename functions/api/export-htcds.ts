// GET /exports/htcds?from=&to=[&format=csv][&cursor=]: the cases registered in [from, to) in HTCDS
// 2.0 (domain/htcds.ts), names and date of birth only with the person's current consent to data
// sharing. A page holds what fits under Lambda's response limit; the rest comes with a cursor (the
// `cursor` member, or a `Link: rel="next"` header for CSV). Erased cases are passed over and counted.
// Every case sent is a read of it (on its access log), and the export itself is on the export chain.
import { htcdsExportQuery } from '../contracts/requests.ts';
import { sharesData } from '../domain/access.ts';
import { csvBom, csvContentType, csvLine, fillAnswer } from '../domain/csv.ts';
import { htcdsCase, htcdsCell, htcdsFields } from '../domain/htcds.ts';
import { exportPolicy } from '../domain/policy.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { casesRegistered, recordExport, type RegisteredCase } from '../store/exports.ts';
import { recordReadsTogether } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ caller, query }) => {
    const parsed = htcdsExportQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'The query is not valid; see fields', zodFields(parsed.error));
    const { format = 'json', cursor, limit } = parsed.data;
    const [from, to] = [new Date(parsed.data.from).toISOString(), new Date(parsed.data.to ?? Date.now()).toISOString()];
    const page = await casesRegistered(from, to, limit, cursor);
    const rowOf = (item: RegisteredCase) => (item.submission ? htcdsCase({ record: item.record, answers: item.submission.answers }) : undefined);
    const piece = (item: RegisteredCase) => {
      const row = rowOf(item);
      return row && (format === 'csv' ? csvLine(htcdsFields.map((field) => htcdsCell(row[field.name]))) : JSON.stringify(row));
    };
    const { pieces, taken } = fillAnswer(page.items, piece, exportPolicy.responseBytes);
    const sent = page.items.slice(0, taken).filter((item) => item.submission);
    const next = taken < page.items.length ? page.items[taken - 1].cursor : page.cursor;
    await recordReadsTogether(sent.map((item) => ({ kind: 'case' as const, id: item.record.id, reader: caller, view: 'export-htcds' })));
    const personalRows = sent.filter((item) => sharesData(item.record)).length;
    const erased = taken - sent.length;
    await recordExport(caller, { view: 'htcds', format, rows: sent.length, personalRows, erasedSkipped: erased, from, to, continued: Boolean(cursor), more: Boolean(next) });
    const headers = { 'cache-control': 'no-store', 'x-erased-skipped': String(erased) };
    if (format === 'json') return json(200, { standard: 'HTCDS 2.0', from, to, count: sent.length, skipped: { erased }, cases: pieces.map((text) => JSON.parse(text)), cursor: next }, headers);
    const link: Record<string, string> = next ? { link: `</exports/htcds?${new URLSearchParams({ from, to, format, cursor: next, limit: String(limit) })}>; rel="next"` } : {};
    const body = csvBom + csvLine(htcdsFields.map((field) => field.name)) + pieces.join('');
    return { statusCode: 200, headers: { ...headers, ...link, 'content-type': csvContentType, 'content-disposition': `attachment; filename="htcds-${from.slice(0, 10)}-${to.slice(0, 10)}.csv"` }, body };
  },
});
