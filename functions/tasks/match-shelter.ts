// MatchShelter: the next shelter to ask, or none (then a coordinator takes over).
import { matchShelter, type PersonToPlace } from '../domain/placement.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { listOrganisations } from '../store/organisations.ts';

interface MatchEvent extends TaskEvent {
  person: PersonToPlace;
  tried: string[];
  maxTries: number;
}

export const handler = workflowTask(
  async (event: MatchEvent) => {
    const shelter = event.tried.length >= event.maxTries ? undefined : matchShelter(await listOrganisations('shelter'), event.person, event.tried);
    return shelter ? { found: true, shelterId: shelter.id, tried: [...event.tried, shelter.id] } : { found: false, shelterId: null, tried: event.tried };
  },
  (result) => ({ found: result.found, shelterId: result.shelterId, tries: result.tried.length }),
);
