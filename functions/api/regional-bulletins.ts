// POST /regional/bulletins: imports a peer's signed bulletin; refused (and nothing stored) unless
// its signer is a registered peer, the signature verifies, and it meets the schema and the rules.
import { verifyBulletin } from '../domain/bulletin.ts';
import { bulletinImport } from '../contracts/requests.ts';
import { api, json } from '../middleware/http.ts';
import { peers, saveBulletin } from '../store/regional.ts';

export const handler = api({
  body: bulletinImport,
  handle: async ({ body, caller }) => {
    const bulletin = await verifyBulletin(body.bulletin, await peers());
    await saveBulletin(bulletin, body.bulletin, caller.userId, new Date().toISOString());
    return json(201, { country: bulletin.country, period: bulletin.period, definitionsVersion: bulletin.definitionsVersion, issuedAt: bulletin.issuedAt });
  },
});
