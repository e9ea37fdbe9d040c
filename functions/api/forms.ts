// GET /forms and GET /forms/{formId}[?version=]: the published definitions, Puente's own (the
// deployment's) and those imported from XLSForms (the table's).
import { forms } from '../../forms/registry.ts';
import { formQuery } from '../contracts/requests.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { importedForms, importedVersions, publishedForm } from '../store/forms.ts';

export const handler = api({
  handle: async ({ path, query }) => {
    if (!path.formId) {
      const own = forms.current().map((form) => ({ id: form.id, version: form.version, title: form.title, versions: forms.versionsOf(form.id) }));
      const imported = await Promise.all((await importedForms()).map(async (form) => ({ ...form, imported: true, versions: await importedVersions(form.id) })));
      return json(200, { forms: [...own, ...imported] });
    }
    const parsed = formQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'version must be a whole number', zodFields(parsed.error));
    const { version } = parsed.data;
    const form = await publishedForm(path.formId, version);
    if (!form) throw new HttpError(404, 'NOT_FOUND', version ? `${path.formId} has no version ${version}` : `No form named ${path.formId}`);
    return json(200, form);
  },
});
