// GET /exports/anonymised[?format=csv][&fromYear=&toYear=]: the CTDC-style release of the cases
// registered in those years (domain/anonymised.ts): quasi-identifiers only, generalised until each
// combination appears k times, the rest suppressed and counted. It cannot be paged (k counts the
// whole file), so a period with more cases than one function can open is refused with 413.
import { anonymisedExportQuery } from '../contracts/requests.ts';
import { anonymise, quasiIdentifiers, releaseRow, type ReleaseRow } from '../domain/anonymised.ts';
import { csvBom, csvContentType, csvLine } from '../domain/csv.ts';
import { exportPolicy } from '../domain/policy.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { allCasesRegistered, countRegistered, recordExport } from '../store/exports.ts';
import { listOrganisations } from '../store/organisations.ts';

export const handler = api({
  handle: async ({ caller, query }) => {
    const parsed = anonymisedExportQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'The query is not valid; see fields', zodFields(parsed.error));
    const { format = 'json', fromYear, toYear } = parsed.data;
    const [from, to] = [`${fromYear ?? 2000}-01-01T00:00:00.000Z`, `${(toYear ?? 2999) + 1}-01-01T00:00:00.000Z`];
    const count = await countRegistered(from, to, exportPolicy.anonymisedMaxCases);
    if (count > exportPolicy.anonymisedMaxCases) {
      throw new HttpError(413, 'PERIOD_TOO_LONG', `More than ${exportPolicy.anonymisedMaxCases} cases were registered in this period, more than one release can open; choose fewer years with fromYear and toYear`, { fromYear: 'fewer years' });
    }
    // Each case once: counting one twice would break k.
    const cases = await allCasesRegistered(from, to);
    const countryOf = new Map((await listOrganisations()).map((organisation) => [organisation.id, organisation.country]));
    const open = cases.filter((item) => item.submission);
    const release = anonymise(open.map((item) => releaseRow({ record: item.record, answers: item.submission!.answers, registeredIn: countryOf.get(item.record.createdByOrg) })), exportPolicy.k);
    const erased = cases.length - open.length;
    await recordExport(caller, { view: 'anonymised', format, rows: release.rows.length, suppressed: release.suppressed, erasedSkipped: erased, k: exportPolicy.k, fromYear, toYear });
    const headers = { 'cache-control': 'no-store', 'x-k': String(exportPolicy.k), 'x-suppressed': String(release.suppressed), 'x-erased-skipped': String(erased) };
    if (format === 'json') return json(200, { k: exportPolicy.k, quasiIdentifiers, fromYear, toYear, count: release.rows.length, suppressed: release.suppressed, skipped: { erased }, rows: release.rows }, headers);
    const columns: (keyof ReleaseRow)[] = [...quasiIdentifiers, 'traffickingStatus'];
    const body = csvBom + csvLine(columns) + release.rows.map((row) => csvLine(columns.map((column) => row[column]))).join('');
    return { statusCode: 200, headers: { ...headers, 'content-type': csvContentType, 'content-disposition': `attachment; filename="anonymised-release-k${exportPolicy.k}.csv"` }, body };
  },
});
