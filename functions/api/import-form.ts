// POST /forms/import[?formId=]: an XLSForm workbook (the raw .xlsx) read into a form and published
// as the next version of its id, with its `form.published` event. A workbook the reader refuses is
// answered with the sheet, row and column at fault, and nothing is stored.
import { forms } from '../../forms/registry.ts';
import { formImportQuery, formIdPattern, xlsxContentType } from '../contracts/requests.ts';
import { limits } from '../domain/policy.ts';
import { readXlsForm, XlsFormRefusal } from '../domain/xlsform/index.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { publishForm } from '../store/forms.ts';

export const handler = api({
  handle: async ({ event, caller, query }) => {
    const type = (event.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== xlsxContentType) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the XLSForm workbook itself, as ${xlsxContentType}`);
    const parsed = formImportQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'The query is not valid; see fields', zodFields(parsed.error));
    // API Gateway passes a binary body base64 (the local host too).
    const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    if (bytes.length > limits.xlsFormBytes) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The workbook is ${bytes.length} bytes; the limit is ${limits.xlsFormBytes} bytes`);
    const read = await readXlsForm(bytes, { formId: parsed.data.formId, version: 1, published: new Date().toISOString().slice(0, 10) }).catch((error: unknown) => {
      if (error instanceof XlsFormRefusal) return error;
      throw error;
    });
    if (read instanceof XlsFormRefusal) return json(400, { error: { code: read.code, message: read.message, sheet: read.sheet, row: read.row, column: read.column } });
    const { form, warnings } = read;
    if (!formIdPattern.test(form.id)) throw new HttpError(400, 'INVALID_FORM_ID', `The form id "${form.id}" must be letters, digits, '.', '_' or '-' (at most 100); set settings.form_id or ?formId=`);
    if (forms.get(form.id)) throw new HttpError(409, 'FORM_ID_RESERVED', `${form.id} is one of Puente's own forms; import under another form_id`);
    const published = await publishForm(form, caller.userId);
    return json(201, { formId: published.id, version: published.version, warnings });
  },
});
