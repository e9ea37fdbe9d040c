// GET /organizations/{id}/beds: a shelter's own count of free beds, with the version a change must name.
import { countsBedsOf } from '../domain/access.ts';
import { NotYourShelter } from '../domain/organisations.ts';
import { api, json } from '../middleware/http.ts';
import { getOrganisation } from '../store/organisations.ts';

export const handler = api({
  handle: async ({ caller, path }) => {
    if (!countsBedsOf(caller, path.id)) throw new NotYourShelter(path.id);
    // Consistent: the version read is the one a change will be compared with.
    const organisation = await getOrganisation(path.id, true);
    if (!organisation?.shelter) throw new NotYourShelter(path.id);
    const { id, name, version, updatedAt, shelter } = organisation;
    return json(200, { id, name, capacity: shelter.capacity, bedsFree: shelter.bedsFree, updatedAt, version }, { etag: `"${version}"` });
  },
});
