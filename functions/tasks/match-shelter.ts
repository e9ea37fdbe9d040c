// MatchShelter: the next shelter to ask, or none (then a coordinator takes over). The person's
// needs are read from the case, not carried by the workflow.
import { forms } from '../../forms/registry.ts';
import { matchShelter, personToPlace } from '../domain/placement.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { listOrganisations } from '../store/organisations.ts';
import { loadRecord } from '../store/records.ts';

interface MatchEvent extends TaskEvent {
  tried: string[];
  maxTries: number;
}

export const handler = workflowTask(
  async (event: MatchEvent) => {
    if (event.tried.length >= event.maxTries) return { found: false, shelterId: null, tried: event.tried };
    const [parts, shelters] = await Promise.all([loadRecord('case', event.recordId), listOrganisations('shelter')]);
    if (!parts?.submission) throw new Error(`case ${event.recordId} has no submission`);
    const person = personToPlace(forms.get(parts.submission.formId, parts.submission.formVersion)!, parts.submission);
    const shelter = matchShelter(shelters, person, event.tried);
    return shelter ? { found: true, shelterId: shelter.id, tried: [...event.tried, shelter.id] } : { found: false, shelterId: null, tried: event.tried };
  },
  (result) => ({ found: result.found, shelterId: result.shelterId, tries: result.tried.length }),
);
