// GET /partners: the organisations a case's team may plan a service with, refer a case to, or
// transfer it to, by name and type (no beds, no contacts): what the case page's pickers offer.
import { partnerTypes } from '../domain/partner-referrals.ts';
import { responsibleTypes } from '../domain/transfer.ts';
import { api, json } from '../middleware/http.ts';
import { listOrganisations } from '../store/organisations.ts';

export const handler = api({
  handle: async () => {
    const organisations = await listOrganisations();
    const items = organisations.filter((organisation) => partnerTypes.includes(organisation.type) || responsibleTypes.includes(organisation.type));
    return json(200, { items: items.map(({ id, name, type }) => ({ id, name, type, referral: partnerTypes.includes(type), transfer: responsibleTypes.includes(type) })) });
  },
});
