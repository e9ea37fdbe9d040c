// Who sees what of a case or a tip: one policy, applied to every response and to every task
// brief. Least data: a shelter sees needs and placement, not the interview; law enforcement sees
// only what the person's consent covers, and nothing at all without it.
import type { Role } from '../../system/description.ts';
import type { Answers } from '../../forms/engine/types.ts';

export interface Viewer {
  role: Role;
  organisationId: string;
}

/** The answers each receiving role needs to act, when the person agreed to data sharing. */
const answersFor: Partial<Record<Role, readonly string[]>> = {
  shelter: ['gender', 'languages', 'dependentsWithThem', 'pregnant', 'medicalNeedUrgent', 'psychosocialSupport', 'immediateDanger', 'separationStatus'],
  asylum: [
    'nationality',
    'languages',
    'gender',
    'countryOfDeparture',
    'transitCountries',
    'fearOfReturn',
    'persecutionGrounds',
    'generalisedViolence',
    'gangViolence',
    'previousAsylumClaim',
    'documentStatus',
    'interpreterUsed',
  ],
  'child-protection': ['gender', 'nationality', 'languages', 'separationStatus', 'caregiverWhereabouts', 'separationCause', 'birthRegistered', 'ageAssessmentNeeded', 'ageDisputed', 'medicalNeedUrgent', 'psychosocialSupport'],
  liaison: ['nationality', 'gender', 'exploitationTypes', 'labourSector', 'sexualExploitationType', 'recruitmentMethod', 'recruiterRelation', 'countryOfDeparture', 'transitCountries'],
};
/** Names go only to organisations the person agreed to share data with, and only to those that act on a person. */
const namesFor: readonly Role[] = ['asylum', 'child-protection'];

/** Roles that see a case whole: the team that interviewed the person, and the coordination. */
const fullView: readonly Role[] = ['screener', 'inspector', 'coordinator'];

export type CaseView = Record<string, unknown>;

interface CaseParts {
  record: Record<string, any>;
  submission?: { answers: Answers; formId: string; formVersion: number; language: string; submittedAt: string };
  steps: Record<string, any>[];
  tasks: Record<string, any>[];
  /** Organisations linked to the case (that created it, or received a referral). */
  linkedOrganisations: string[];
}

/** Whether the viewer may see the case at all. */
export function maySeeCase(viewer: Viewer, parts: CaseParts): boolean {
  if (viewer.role === 'coordinator') return true;
  if (!parts.linkedOrganisations.includes(viewer.organisationId)) return false;
  // Law enforcement receives nothing of a case without the person's consent.
  if (viewer.role === 'liaison') return parts.record.consent?.lawEnforcement === 'yes';
  return true;
}

const publicTask = (task: Record<string, any>) => ({
  taskId: task.taskId,
  kind: task.kind,
  status: task.status,
  dueAt: task.dueAt,
  createdAt: task.createdAt,
  assigneeOrg: task.assigneeOrg,
  assigneeRole: task.assigneeRole,
  decidedAt: task.decidedAt ?? undefined,
});

export function pick(answers: Answers, ids: readonly string[]): Answers {
  return Object.fromEntries(ids.filter((id) => answers[id] !== undefined).map((id) => [id, answers[id]]));
}

/** The case as this viewer may see it. Call `maySeeCase` first. */
export function caseView(viewer: Viewer, parts: CaseParts): CaseView {
  const { record, submission } = parts;
  const answers = submission?.answers ?? {};
  const base = {
    caseId: record.id,
    stage: record.stage,
    outcome: record.outcome,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    riskLevel: record.assessment?.riskLevel,
    nonRefoulementHold: record.nonRefoulementHold === true,
    tipId: record.tipId,
  };
  if (fullView.includes(viewer.role)) {
    return {
      ...base,
      createdByOrg: record.createdByOrg,
      consent: record.consent,
      failure: record.failure,
      assessment: record.assessment,
      submission,
      steps: parts.steps.map(({ pk: _pk, sk: _sk, ...step }) => step),
      tasks: parts.tasks.map((task) => ({ ...publicTask(task), decision: task.decision ?? undefined, decidedBy: task.decidedBy ?? undefined })),
    };
  }
  const sharing = answers.consentDataSharing === 'yes';
  const seen = sharing ? pick(answers, [...(answersFor[viewer.role] ?? []), ...(namesFor.includes(viewer.role) ? ['givenName', 'familyName'] : [])]) : {};
  const ownTasks = parts.tasks.filter((task) => task.assigneeOrg === viewer.organisationId);
  const flags: string[] = record.assessment?.flags ?? [];
  return {
    ...base,
    age: record.age,
    flags: viewer.role === 'shelter' ? flags.filter((flag) => flag === 'child' || flag === 'unaccompaniedChild') : flags,
    assessment:
      viewer.role === 'liaison' || viewer.role === 'child-protection'
        ? { determination: record.assessment?.determination, dimensions: record.assessment?.dimensions, riskLevel: record.assessment?.riskLevel, flags }
        : { riskLevel: record.assessment?.riskLevel },
    answers: seen,
    tasks: ownTasks.map((task) => ({ ...publicTask(task), decision: task.decision ?? undefined })),
  };
}

/** What a task's assignee is told in their inbox: the same view, limited to what their role may see. */
export function taskBrief(assigneeRole: Role, record: Record<string, any>, answers: Answers): Record<string, unknown> {
  const view = caseView(
    { role: assigneeRole, organisationId: '' },
    { record, submission: { answers, formId: '', formVersion: 0, language: '', submittedAt: '' }, steps: [], tasks: [], linkedOrganisations: [] },
  );
  const { tasks: _tasks, steps: _steps, submission: _submission, ...brief } = view;
  return brief;
}

/** What a tip view shows: tips are workplace reports; the source's contact only to inspectors and coordinators. */
export function tipView(viewer: Viewer, parts: { record: Record<string, any>; submission?: { answers: Answers }; tasks: Record<string, any>[]; steps: Record<string, any>[] }) {
  const answers = { ...(parts.submission?.answers ?? {}) };
  if (viewer.role === 'liaison') delete answers.sourceContact;
  return {
    tipId: parts.record.id,
    stage: parts.record.stage,
    triage: parts.record.triage,
    indicators: parts.record.indicators,
    createdAt: parts.record.createdAt,
    updatedAt: parts.record.updatedAt,
    caseIds: parts.record.caseIds ?? [],
    answers,
    steps: viewer.role === 'liaison' ? undefined : parts.steps.map(({ pk: _pk, sk: _sk, ...step }) => step),
    tasks: parts.tasks
      .filter((task) => viewer.role !== 'liaison' || task.assigneeOrg === viewer.organisationId)
      .map((task) => ({ ...publicTask(task), decision: task.decision ?? undefined })),
  };
}
