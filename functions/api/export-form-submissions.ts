// GET /forms/{formId}/submissions?format=csv|json[&cursor=]: the submissions of an imported form,
// one column per question (XLSForm names), formula-safe CSV. Those on a case are reads of it (on its
// access log); the export itself is on the export chain (who, what, how many rows).
import { formSubmissionsExportQuery } from '../contracts/requests.ts';
import { csvBom, csvContentType, csvLine } from '../domain/csv.ts';
import { submissionColumns, submissionRow } from '../domain/form-submission.ts';
import { limits } from '../domain/policy.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { recordExport } from '../store/exports.ts';
import { formSubmissionsPage, importedForm } from '../store/forms.ts';
import { recordReadsTogether } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ caller, path, query }) => {
    const parsed = formSubmissionsExportQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'The query is not valid; see fields', zodFields(parsed.error));
    const { format = 'json', cursor } = parsed.data;
    const form = await importedForm(path.formId);
    if (!form) throw new HttpError(404, 'NOT_FOUND', `No imported form named ${path.formId}`);
    const page = await formSubmissionsPage(path.formId, limits.formSubmissionsPerPage, cursor);
    const onCases = page.items.filter((item) => item.caseId).map((item) => ({ kind: 'case' as const, id: item.caseId!, reader: caller, view: `export-form-${form.id}` }));
    await recordReadsTogether(onCases);
    await recordExport(caller, { view: 'form-submissions', formId: form.id, format, rows: page.items.length, erasedSkipped: page.erased, continued: Boolean(cursor), more: Boolean(page.cursor) });
    const headers = { 'cache-control': 'no-store', 'x-erased-skipped': String(page.erased) };
    if (format === 'json') return json(200, { formId: form.id, count: page.items.length, skipped: { erased: page.erased }, submissions: page.items, cursor: page.cursor }, headers);
    const columns = submissionColumns(form, page.items);
    const body = csvBom + csvLine(columns) + page.items.map((item) => csvLine(submissionRow(columns, item))).join('');
    return { statusCode: 200, headers: { ...headers, 'content-type': csvContentType, 'content-disposition': `attachment; filename="${form.id}-submissions.csv"` }, body };
  },
});
