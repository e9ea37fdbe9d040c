// GET /forms and GET /forms/{formId}[?version=]: the published definitions.
import { forms } from '../../forms/registry.ts';
import { formQuery } from '../contracts/requests.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';

export const handler = api({
  handle: async ({ path, query }) => {
    if (!path.formId) {
      return json(200, { forms: forms.current().map((form) => ({ id: form.id, version: form.version, title: form.title, versions: forms.versionsOf(form.id) })) });
    }
    const parsed = formQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'version must be a whole number', zodFields(parsed.error));
    const { version } = parsed.data;
    const form = forms.get(path.formId, version);
    if (!form) throw new HttpError(404, 'NOT_FOUND', version ? `${path.formId} has no version ${version}` : `No form named ${path.formId}`);
    return json(200, form);
  },
});
