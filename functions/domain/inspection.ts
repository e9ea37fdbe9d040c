// The people an inspection identified, each becoming a screening case linked to the tip: what the
// inspection knows of them stands in for the interview until a screener sees them, and the
// inspector's finding of forced labour counts as the interviewer's conclusion that they may be
// victims (protection first). Ids derive from the tip and the person's place in the report, so a
// retried step creates no second case.
import { createHash } from 'node:crypto';
import type { Answers, FormDefinition } from '../../forms/engine/types.ts';
import { workflowInput } from './intake.ts';
import { minority } from './policy.ts';
import type { Actor, RecordSummary, Step, Submission, Task } from './records.ts';

/** Under 18 as estimated, or presumed so while the age is disputed (the presumption of minority, policy.ts). */
export function presumedChild(person: Answers): boolean {
  if (typeof person.ageEstimate !== 'number') return false;
  return person.ageEstimate < minority.adultAge || (person.ageDisputed === 'yes' && person.ageEstimate < minority.disputedAgePresumptionBelow);
}

/** The inspection that reported on the tip: the latest decided one. */
export const inspectionOf = (tasks: Task[]) => tasks.filter((task) => task.kind === 'inspection' && task.status === 'decided').at(-1);

export function casesFromInspection(tip: RecordSummary, inspection: Task | undefined, form: FormDefinition, now: string) {
  const people = (inspection?.decision?.peopleIdentified as Answers[] | undefined) ?? [];
  const organisationId = inspection?.decidedBy?.organisationId ?? tip.createdByOrg;
  const actor: Actor = { userId: inspection?.decidedBy?.userId ?? 'workflow', role: 'inspector', organisationId };
  const language = tip.language ?? 'en';
  return people.map((person, index) => {
    const id = `c-${createHash('sha256').update(`${tip.id}#${index}`).digest('hex').slice(0, 16)}`;
    const answers: Answers = {
      ...person,
      consentInterview: 'unknown',
      consentLawEnforcement: 'later',
      consentDataSharing: 'unknown',
      // A child found working is a possible victim whatever the means (Palermo Protocol art. 3(c)): child protection is asked.
      interviewerConclusion: inspection?.decision?.forcedLabourFound === 'yes' || presumedChild(person) ? 'possible_victim' : 'further_assessment',
    };
    const record: RecordSummary = {
      id,
      kind: 'case',
      stage: 'intake',
      createdAt: now,
      updatedAt: now,
      createdByOrg: organisationId,
      formId: form.id,
      formVersion: form.version,
      language,
      tipId: tip.id,
      consent: { lawEnforcement: 'later', dataSharing: 'unknown', changes: [] },
      consentVersion: 0,
    };
    const submission: Submission & { source: string; tipId: string } = { formId: form.id, formVersion: form.version, language, answers, submittedAt: now, source: 'inspection', tipId: tip.id };
    const step: Step = { event: 'submitted', actor, summary: { source: 'inspection', tipId: tip.id } };
    return { record, submission, step, claim: { key: `screen-people#${id}`, bodyHash: id }, start: { workflow: 'case', input: workflowInput('case', id) } };
  });
}
