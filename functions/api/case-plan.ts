// A case's plan and notes (issue 16), for the case's own team: POST /cases/{caseId}/plan adds a
// service for an organisation (its own by default) by a date, and the follow-up workflow asks that
// organisation by then, reminds it before and escalates after (workflows/follow-up.asl.json);
// GET lists the plan, soonest due first. POST /cases/{caseId}/notes keeps a note sealed under the
// case's key like the answers (the timeline says only that one was added); GET reads them, to the
// team only, each read audited on the case's access log.
import { noteRequest, planRequest } from '../contracts/requests.ts';
import { noteOf, planService } from '../domain/case-plan.ts';
import { workflowInput } from '../domain/intake.ts';
import { responsibleOrgOf } from '../domain/records.ts';
import { api, byRoute, json } from '../middleware/http.ts';
import { caseOfTeam, newLifecycleId, notesOf, planOf, writeNote, writePlanEntry } from '../store/case-plan.ts';
import { getOrganisation } from '../store/organisations.ts';
import { recordReads } from '../store/timeline.ts';
import { startWorkflow } from '../store/workflows.ts';

export const handler = byRoute({
  'POST /cases/{caseId}/plan': api({
    body: planRequest,
    handle: async ({ caller, path, body }) => {
      const record = await caseOfTeam(caller, path.caseId);
      const organisation = await getOrganisation(body.organisationId ?? responsibleOrgOf(record));
      const { entry, step } = planService(record, body, organisation, newLifecycleId('p'), caller, new Date().toISOString());
      await writePlanEntry(entry, step);
      await startWorkflow('follow-up', `${record.id}-${entry.planId}`, { ...workflowInput('case', record.id), planId: entry.planId, organisationId: entry.organisationId });
      const { note: _note, createdBy: _by, ...planned } = entry;
      return json(201, planned);
    },
  }),
  'GET /cases/{caseId}/plan': api({
    handle: async ({ caller, path }) => {
      const record = await caseOfTeam(caller, path.caseId);
      const entries = (await planOf(record.id)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
      if (entries.some((entry) => entry.note)) await recordReads([{ kind: 'case', id: record.id, reader: caller, view: 'plan' }]);
      const now = new Date().toISOString();
      return json(200, { items: entries.map((entry) => ({ ...entry, overdue: entry.status === 'overdue' || (entry.status === 'planned' && entry.dueAt < now) })) });
    },
  }),
  'POST /cases/{caseId}/notes': api({
    body: noteRequest,
    handle: async ({ caller, path, body }) => {
      const record = await caseOfTeam(caller, path.caseId);
      const { note, step } = noteOf(record, body.text, caller, new Date().toISOString());
      await writeNote(record.id, note, step);
      return json(201, { caseId: record.id, at: note.at });
    },
  }),
  'GET /cases/{caseId}/notes': api({
    handle: async ({ caller, path }) => {
      const record = await caseOfTeam(caller, path.caseId);
      const notes = await notesOf(record.id);
      await recordReads([{ kind: 'case', id: record.id, reader: caller, view: 'notes' }]);
      return json(200, { items: notes.map(({ text, at, by }) => ({ text, at, by })).reverse() });
    },
  }),
});
