// GET /forms/{formId}/xlsform[?version=]: any published form (Puente's own or imported) as an
// XLSForm workbook, for Kobo, ODK Collect or another import. Binary: base64 through API Gateway.
import { formQuery, xlsxContentType } from '../contracts/requests.ts';
import { writeXlsForm } from '../domain/xlsform/index.ts';
import { api, HttpError, zodFields } from '../middleware/http.ts';
import { publishedForm } from '../store/forms.ts';

export const handler = api({
  handle: async ({ path, query }) => {
    const parsed = formQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'version must be a whole number', zodFields(parsed.error));
    const form = await publishedForm(path.formId, parsed.data.version);
    if (!form) throw new HttpError(404, 'NOT_FOUND', `No published form ${path.formId}${parsed.data.version ? ` v${parsed.data.version}` : ''}`);
    const workbook = await writeXlsForm(form);
    return {
      statusCode: 200,
      headers: { 'content-type': xlsxContentType, 'content-disposition': `attachment; filename="${form.id}-v${form.version}.xlsx"`, 'cache-control': 'no-store' },
      body: Buffer.from(workbook).toString('base64'),
      isBase64Encoded: true,
    };
  },
});
