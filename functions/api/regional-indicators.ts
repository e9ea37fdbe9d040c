// GET /regional/indicators?period=YYYY-MM: the region side by side for a month — this deployment's
// own figures (suppressed as its bulletin would be) beside every peer bulletin imported for it.
import { bulletinOf, periodOfMonth } from '../domain/bulletin.ts';
import { recordsSince } from '../domain/indicators.ts';
import { sideBySide } from '../domain/regional.ts';
import { monthQuery } from '../contracts/requests.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { indicatorFactsSince } from '../store/indicators.ts';
import { bulletinsOf, thisDeployment } from '../store/regional.ts';

export const handler = api({
  handle: async ({ query }) => {
    const parsed = monthQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'period is a month, YYYY-MM', zodFields(parsed.error));
    const { period } = parsed.data;
    const [facts, imported] = await Promise.all([indicatorFactsSince(recordsSince(periodOfMonth(period))), bulletinsOf(period)]);
    const own = bulletinOf(facts, thisDeployment(), period, new Date().toISOString());
    const bulletins = [own, ...imported];
    return json(200, {
      period,
      countries: bulletins.map((bulletin, index) => ({ country: bulletin.country, name: bulletin.deployment, own: index === 0, issuedAt: bulletin.issuedAt })),
      indicators: sideBySide(bulletins).indicators,
    });
  },
});
