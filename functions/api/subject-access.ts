// GET /cases/{caseId}/subject-access[?format=html]: everything held about the person — answers,
// decisions, referrals, consent history, timeline, follow-up records, every read of their record, and their
// other cases (linked as the same person) — as JSON or as a printable page in their language. Producing it
// is itself a read, and audited.
import { forms } from '../../forms/registry.ts';
import { maySeeCase } from '../domain/access.ts';
import { subjectAccess, subjectAccessPage } from '../domain/history.ts';
import { kindOfId } from '../domain/records.ts';
import { subjectAccessQuery } from '../contracts/requests.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { linkedCasesOf } from '../store/matching.ts';
import { followUpsOf } from '../store/forms.ts';
import { loadRecord } from '../store/records.ts';
import { loadHistory, recordReads } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ caller, path, query }) => {
    const format = subjectAccessQuery.safeParse(query);
    if (!format.success) throw new HttpError(400, 'INVALID_REQUEST', 'format is json or html', zodFields(format.error));
    const parts = kindOfId(path.caseId) === 'case' ? await loadRecord('case', path.caseId) : undefined;
    if (!parts || !maySeeCase(caller, parts)) throw new HttpError(404, 'NOT_FOUND', `No case ${path.caseId} that you may see`);
    if (parts.erased) throw new HttpError(410, 'ERASED', `The case ${path.caseId} was erased; nothing about the person is held any more`);
    await recordReads([{ kind: 'case', id: path.caseId, reader: caller, view: 'subject-access' }]);
    const linkedCases = (await linkedCasesOf([parts])).map((other) => other.record.id);
    const document = subjectAccess(parts, await loadHistory('case', path.caseId), new Date().toISOString(), { linkedCases, followUps: await followUpsOf(path.caseId, true) });
    if (format.data.format !== 'html') return json(200, document);
    const page = subjectAccessPage(document, forms.get(parts.submission?.formId ?? '', parts.submission?.formVersion));
    return { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cache-control': 'no-store' }, body: page };
  },
});
