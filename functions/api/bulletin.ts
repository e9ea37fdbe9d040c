// GET /indicators/bulletin?period=YYYY-MM: the month's indicators as a bulletin (small cells
// suppressed), signed with the deployment's key as a compact JWS, ready for a peer to import.
import { BULLETIN_TYPE, bulletinOf, periodOfMonth } from '../domain/bulletin.ts';
import { recordsSince } from '../domain/indicators.ts';
import { monthQuery } from '../contracts/requests.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { indicatorFactsSince } from '../store/indicators.ts';
import { thisDeployment } from '../store/regional.ts';
import { bulletinSigner, signCompact } from '../store/signing.ts';

export const handler = api({
  handle: async ({ query }) => {
    const parsed = monthQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'period is a month, YYYY-MM', zodFields(parsed.error));
    const facts = await indicatorFactsSince(recordsSince(periodOfMonth(parsed.data.period)));
    const document = bulletinOf(facts, thisDeployment(), parsed.data.period, new Date().toISOString());
    return json(200, { bulletin: await signCompact(await bulletinSigner(), document, BULLETIN_TYPE), document }, { 'cache-control': 'no-store' });
  },
});
