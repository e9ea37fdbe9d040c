// GET /indicators?from=&to=[&format=csv]: the common indicators over a period (docs/indicators.md).
// As JSON, inside the deployment, every figure as computed; as CSV, a figure leaving it, small
// cells suppressed.
import { publishedIndicators } from '../domain/bulletin.ts';
import { computeIndicators, definitionsVersion, recordsSince } from '../domain/indicators.ts';
import { indicatorPolicy } from '../domain/policy.ts';
import { indicatorsCsv } from '../domain/small-cells.ts';
import { indicatorsQuery } from '../contracts/requests.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { indicatorFactsSince } from '../store/indicators.ts';

export const handler = api({
  handle: async ({ query }) => {
    const parsed = indicatorsQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'The query is not valid; see fields', zodFields(parsed.error));
    const period = { from: new Date(parsed.data.from).toISOString(), to: new Date(parsed.data.to).toISOString() };
    const facts = await indicatorFactsSince(recordsSince(period));
    if (parsed.data.format === 'csv') {
      const name = `indicators-${period.from.slice(0, 10)}-${period.to.slice(0, 10)}.csv`;
      return { statusCode: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' }, body: indicatorsCsv(publishedIndicators(facts, period)) };
    }
    return json(200, { ...period, definitionsVersion, smallCellThreshold: indicatorPolicy.smallCellThreshold, indicators: computeIndicators(facts, period) });
  },
});
