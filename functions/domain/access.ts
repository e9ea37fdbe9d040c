// Who sees what, in one policy: which records a role may open and list, what each view, board row,
// task brief and tip view holds, and who may decide a task. Every handler and the web app read
// it. Least data: a shelter sees needs and placement, not the interview; answers go to receiving
// organisations only while the person's current consent to data sharing stands; law enforcement
// sees only what consent to law enforcement covers, and nothing at all without it.
import type { Role } from '../../system/description.ts';
import { routes } from '../../system/system.ts';
import type { Answers, FormDefinition } from '../../forms/engine/types.ts';
import { overdueCount } from './board.ts';
import { duplicatesOf } from './duplicates.ts';
import { responsibleOrgOf, type RecordKind, type RecordParts, type RecordSummary, type Task } from './records.ts';
import { formOfRef, type EventSubject } from './webhooks.ts';

export interface Viewer {
  role: Role;
  organisationId: string;
}

/** The answers each receiving role needs to act, when the person agrees to data sharing. */
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
  // Partners a case is referred to: legal aid argues the protection claim (what asylum sees),
  // health and psychosocial services the needs they treat, family tracing where the family was left.
  'legal-aid': ['nationality', 'languages', 'gender', 'countryOfDeparture', 'transitCountries', 'fearOfReturn', 'persecutionGrounds', 'generalisedViolence', 'gangViolence', 'previousAsylumClaim', 'documentStatus', 'interpreterUsed'],
  health: ['gender', 'languages', 'pregnant', 'medicalNeedUrgent', 'psychosocialSupport'],
  psychosocial: ['gender', 'languages', 'psychosocialSupport', 'immediateDanger', 'separationStatus'],
  'family-tracing': ['nationality', 'languages', 'gender', 'separationStatus', 'caregiverWhereabouts', 'separationCause', 'countryOfDeparture'],
};
/** Names go only to organisations that act on a person, and only with consent to data sharing. */
const namesFor: readonly Role[] = ['asylum', 'child-protection', 'legal-aid', 'family-tracing'];
const names = ['givenName', 'familyName'] as const;

/** Roles that see a case whole: the team that interviewed the person, and the coordination. */
const wholeCase: readonly Role[] = ['screener', 'inspector', 'coordinator'];
/** Roles that see the Delphi determination, not only the risk level. */
const determinationFor: readonly Role[] = ['liaison', 'child-protection'];

const routeRoles = new Map(routes.map((route) => [`${route.method} ${route.path}`, route.roles]));
/** Whether a role may call a route at all (the route table's word): the web app shows only what the role may use. */
export function mayUse(role: Role, routeKey: string): boolean {
  const allowed = routeRoles.get(routeKey);
  if (!allowed) throw new Error(`no route ${routeKey}`);
  return allowed === 'public' || allowed.includes(role);
}

/** A shelter's people count its own free beds, no other organisation's. */
export const countsBedsOf = (viewer: Viewer, organisationId: string) => viewer.role === 'shelter' && viewer.organisationId === organisationId;

/** Follow-up submissions of imported forms on a case: their answers go only to the team that sees the case whole. */
export const seesFollowUpAnswers = (viewer: Viewer) => seesWholeCase(viewer.role);

/** Whether this role sees cases whole (the web app shows the timeline and workflow to these). */
export const seesWholeCase = (role: Role) => wholeCase.includes(role);

/**
 * The case's own team: the coordination, and the screeners or inspectors of the organisation
 * responsible for it (a transfer moves it). They see it whole, plan it, keep its notes, refer and
 * transfer it; another organisation's screeners working on one follow-up see only their task.
 */
export const isCaseTeam = (viewer: Viewer, record: RecordSummary) =>
  viewer.role === 'coordinator' || (seesWholeCase(viewer.role) && responsibleOrgOf(record) === viewer.organisationId);

/** Whether the person currently agrees that their data is shared with the organisations assisting them. */
export const sharesData = (record: RecordSummary) => record.consent?.dataSharing === 'yes';
const consentsToLawEnforcement = (record: RecordSummary) => record.consent?.lawEnforcement === 'yes';

/**
 * Whether a read by this viewer needs the person's sealed data opened at all: the interviewing team
 * and the coordination always; a receiving organisation only while the person shares data with it
 * and its role sees some answers; a tip's report to those who may read the tip. Otherwise nothing
 * is decrypted for them.
 */
export function mayOpenPersonalData(viewer: Viewer, record: RecordSummary): boolean {
  if (record.kind === 'tip' || seesWholeCase(viewer.role)) return true;
  return sharesData(record) && ((answersFor[viewer.role]?.length ?? 0) > 0 || namesFor.includes(viewer.role));
}

/** Which records a role lists: every one (the coordination) or its organisation's. */
export const listScope = (viewer: Viewer): 'all' | 'organisation' => (viewer.role === 'coordinator' ? 'all' : 'organisation');

/**
 * Whether the viewer may open the case. An organisation sees a case while it works on it (the
 * link goes when a shelter declines or lets a placement lapse); law enforcement only with consent.
 */
export function maySeeCase(viewer: Viewer, parts: Pick<RecordParts, 'record' | 'linkedOrganisations'>): boolean {
  if (viewer.role === 'coordinator') return true;
  if (viewer.role === 'admin') return false;
  if (!parts.linkedOrganisations.includes(viewer.organisationId)) return false;
  if (viewer.role === 'liaison') return consentsToLawEnforcement(parts.record);
  return true;
}

/** Whether the viewer may open the tip: the coordination, and the organisations working on it (its submitter's included). */
export function maySeeTip(viewer: Viewer, parts: Pick<RecordParts, 'linkedOrganisations'>): boolean {
  if (viewer.role === 'coordinator') return true;
  if (!(['inspector', 'liaison', 'screener'] as Role[]).includes(viewer.role)) return false;
  return parts.linkedOrganisations.includes(viewer.organisationId);
}

export function pick(answers: Answers, ids: readonly string[]): Answers {
  return Object.fromEntries(ids.filter((id) => Object.hasOwn(answers, id) && answers[id] !== undefined).map((id) => [id, answers[id]]));
}

/** The answers a receiving role may see now: none without current consent to data sharing. */
export function answersSeenBy(role: Role, record: RecordSummary, answers: Answers): Answers {
  if (!sharesData(record)) return {};
  return pick(answers, [...(answersFor[role] ?? []), ...(namesFor.includes(role) ? names : [])]);
}

const taskSummary = (task: Task) => ({
  taskId: task.taskId,
  kind: task.kind,
  status: task.status,
  dueAt: task.dueAt,
  createdAt: task.createdAt,
  assigneeOrg: task.assigneeOrg,
  assigneeRole: task.assigneeRole,
  decidedAt: task.decidedAt,
  outcome: task.outcome,
});

const timeline = (parts: RecordParts) => parts.steps.map(({ pk: _pk, sk: _sk, ...step }) => step);

/** The case as this viewer may see it. Call `maySeeCase` first. */
export function caseView(viewer: Viewer, parts: RecordParts): Record<string, unknown> {
  const { record, submission } = parts;
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
  if (isCaseTeam(viewer, record)) {
    return {
      ...base,
      createdByOrg: record.createdByOrg,
      responsibleOrg: responsibleOrgOf(record),
      pendingTransfer: record.pendingTransfer ?? undefined,
      consent: record.consent,
      failure: record.failure,
      assessment: record.assessment,
      submission,
      steps: timeline(parts),
      tasks: parts.tasks.map((task) => ({ ...taskSummary(task), decision: task.decision, decidedBy: task.decidedBy })),
      ...lifecycleOf(record),
      // Other cases that may be this person: the coordination's to review, never the screening team's.
      ...(viewer.role === 'coordinator' ? duplicatesOf(record) : {}),
    };
  }
  const flags: string[] = record.assessment?.flags ?? [];
  return {
    ...base,
    age: record.age,
    flags: viewer.role === 'shelter' ? flags.filter((flag) => flag === 'child' || flag === 'unaccompaniedChild') : flags,
    assessment: determinationFor.includes(viewer.role)
      ? { determination: record.assessment?.determination, dimensions: record.assessment?.dimensions, riskLevel: record.assessment?.riskLevel, flags }
      : { riskLevel: record.assessment?.riskLevel },
    answers: answersSeenBy(viewer.role, record, submission?.answers ?? {}),
    tasks: parts.tasks.filter((task) => task.assigneeOrg === viewer.organisationId).map((task) => ({ ...taskSummary(task), decision: task.decision })),
  };
}

/** A board row: the coordination and the interviewing team see the determination; others the risk only; all the age band. */
export function boardRow(viewer: Viewer, kind: RecordKind, record: RecordSummary & Record<string, any>): Record<string, unknown> {
  const common = { [`${kind}Id`]: record.id, stage: record.stage, createdAt: record.createdAt, updatedAt: record.updatedAt, overdueTasks: overdueCount(record) };
  if (kind === 'tip') return { ...common, triage: record.triage };
  // The age band is coarse and in the clear (CTDC's bands); nationality is sealed (GET /nationalities).
  const profile = { ...common, ageBand: record.assessment?.ageBand };
  return seesWholeCase(viewer.role)
    ? { ...profile, riskLevel: record.assessment?.riskLevel, determination: record.assessment?.determination, flags: record.assessment?.flags ?? [], outcome: record.outcome }
    : { ...profile, riskLevel: record.assessment?.riskLevel };
}

/** The nationality a board shows when asked: to the coordination, which sees every case whole. */
export const boardNationality = (viewer: Viewer, answers: Answers | undefined) => (viewer.role === 'coordinator' ? (answers?.nationality as string | undefined) : undefined);

/**
 * Who may ask to close or reopen a case, or start its best-interests assessment or durable solution:
 * the coordination, and the case's own team (the people of an organisation working on it, child
 * protection included). Approving stays the coordination's (the approval tasks go to it).
 */
export function managesLifecycle(viewer: Viewer, parts: Pick<RecordParts, 'linkedOrganisations'>): boolean {
  if (viewer.role === 'coordinator') return true;
  return (['screener', 'inspector', 'child-protection'] as Role[]).includes(viewer.role) && parts.linkedOrganisations.includes(viewer.organisationId);
}

/** Where the case stands in its lifecycle (no personal data: statuses, reason categories, kinds, times, a language code). */
const lifecycleOf = (record: RecordSummary) => ({ closure: record.closure, reopenings: record.reopenings, bestInterests: record.bestInterests, solution: record.solution });

/** Whether a listed record belongs on this viewer's board (law enforcement: consented cases only). */
export const onBoard = (viewer: Viewer, kind: RecordKind, record: RecordSummary) => kind === 'tip' || viewer.role !== 'liaison' || consentsToLawEnforcement(record);

/** Whether the brief of a task reveals anything of a person (then reading it is audited as a read of the case). */
export const briefIsPersonal = (brief: Record<string, unknown>) => Object.keys((brief.answers as Answers | undefined) ?? {}).length > 0;

/**
 * What a task's assignee is told in their inbox, computed when it is read: the case as their role
 * may see it now (consent withdrawn since the task opened hides the answers), without the
 * timeline and the other tasks; for a tip, where and what was reported.
 */
export function taskBrief(viewer: Viewer, parts: RecordParts, form?: FormDefinition): Record<string, unknown> {
  if (parts.record.kind === 'tip') {
    const { answers, triage, indicators } = tipView(viewer, parts, form);
    return { triage, indicators, answers };
  }
  const { tasks: _tasks, steps: _steps, submission: _submission, ...brief } = caseView(viewer, parts);
  return brief;
}

/** Personal free text of a form (names, contacts, narratives): never to law enforcement through a tip. */
const personalQuestions = (form?: FormDefinition) => new Set((form?.sections ?? []).flatMap((section) => section.questions).filter((question) => question.personalData).map((question) => question.id));

/** What child protection is told of a tip with children seen working: what was seen, where, how many; never the source. */
const childNoticeAnswers = ['workplaceName', 'workplaceAddress', 'country', 'municipality', 'latitude', 'longitude', 'sector', 'minorsPresent', 'minorsSeen', 'immediateDangerObserved', 'description'] as const;

/** What a tip view shows: a workplace report; its source and narrative not to law enforcement, nor the cases it led to. */
export function tipView(viewer: Viewer, parts: RecordParts, form?: FormDefinition) {
  const liaison = viewer.role === 'liaison';
  const hidden = liaison ? personalQuestions(form) : new Set<string>();
  const reported = parts.submission?.answers ?? {};
  const answers = viewer.role === 'child-protection' ? pick(reported, childNoticeAnswers) : Object.fromEntries(Object.entries(reported).filter(([id]) => !hidden.has(id)));
  return {
    tipId: parts.record.id,
    stage: parts.record.stage,
    triage: parts.record.triage,
    indicators: parts.record.indicators,
    createdAt: parts.record.createdAt,
    updatedAt: parts.record.updatedAt,
    caseIds: liaison ? [] : (parts.record.caseIds ?? []),
    answers,
    steps: liaison ? undefined : timeline(parts),
    tasks: parts.tasks.filter((task) => !liaison || task.assigneeOrg === viewer.organisationId).map((task) => ({ ...taskSummary(task), decision: liaison ? undefined : task.decision })),
  };
}

/** Why a viewer may not decide a task, or undefined when they may. */
export function decisionRefusal(viewer: Viewer, task: Task): { status: 403 | 409; code: string; message: string } | undefined {
  if (task.assigneeOrg !== viewer.organisationId || task.assigneeRole !== viewer.role) {
    return { status: 403, code: 'FORBIDDEN', message: 'This task is assigned to another organisation' };
  }
  if (task.status === 'withdrawn') {
    return { status: 409, code: task.withdrawnReason === 'consent-withdrawn' ? 'CONSENT_WITHDRAWN' : 'TASK_WITHDRAWN', message: withdrawnMessage(task) };
  }
  if (task.status !== 'open') return { status: 409, code: 'TASK_CLOSED', message: `This task is already ${task.status}` };
  return undefined;
}

const withdrawnMessage = (task: Task) =>
  task.withdrawnReason === 'consent-withdrawn'
    ? 'The person withdrew their consent to a referral to law enforcement; nothing may be done on this referral'
    : `This task was withdrawn (${task.withdrawnReason ?? 'no longer needed'})`;

/** Whether a task shows in a viewer's inbox: their role's tasks for their organisation (the coordination sees all its own). */
export const inInbox = (viewer: Viewer, task: Task) => task.status === 'open' && (task.assigneeRole === viewer.role || viewer.role === 'coordinator');

/** What a coordinator compares of two possible duplicates, side by side. */
const comparedAnswers = ['givenName', 'familyName', 'dateOfBirth', 'ageEstimate', 'gender', 'nationality', 'languages'] as const;

/** A duplicate review's two cases side by side, with the pair's score and reasons: the coordination's only. */
export function pairBrief(viewer: Viewer, task: Task, one?: Pick<RecordParts, 'record' | 'submission'>, other?: Pick<RecordParts, 'record' | 'submission'>) {
  if (task.kind !== 'duplicate-review' || !task.relatedCaseId || viewer.role !== 'coordinator' || !one) return undefined;
  const pair = duplicatesOf(one.record).possibleDuplicates.find((match) => match.caseId === task.relatedCaseId);
  const side = (parts: Pick<RecordParts, 'record' | 'submission'>) => ({
    caseId: parts.record.id,
    createdAt: parts.record.createdAt,
    stage: parts.record.stage,
    answers: pick(parts.submission?.answers ?? {}, comparedAnswers),
  });
  return { score: pair?.score, reasons: pair?.reasons ?? [], cases: [side(one), other ? side(other) : { caseId: task.relatedCaseId, erased: true }] };
}

/** An inbox entry: the task, when it is due, and its brief as the viewer may see it now. */
export function inboxItem(viewer: Viewer, task: Task, parts: Pick<RecordParts, 'record' | 'submission'> | undefined, now: string, form?: FormDefinition, related?: Pick<RecordParts, 'record' | 'submission'>) {
  const brief = parts ? taskBrief(viewer, { ...parts, steps: [], tasks: [], linkedOrganisations: [] }, form) : {};
  const pair = pairBrief(viewer, task, parts, related);
  return {
    taskId: task.taskId,
    kind: task.kind,
    status: task.status,
    dueAt: task.dueAt,
    overdue: task.dueAt < now,
    createdAt: task.createdAt,
    // A follow-up coming due: its assignee was reminded (the overdue sweep).
    ...(task.remindedAt ? { remindedAt: task.remindedAt } : {}),
    [`${task.parentKind}Id`]: task.parentId,
    brief,
    ...(pair ? { pair } : {}),
  };
}

/**
 * Who manages a webhook (lists it, its deliveries, retries, deletes it): its organisation's people
 * of the role it hears as. A delivery log names cases and tasks; another role of the same
 * organisation (an administrator beside the coordination) would read through it what it may not open.
 */
export const managesHook = (viewer: Viewer, hook: { organisationId: string; role: Role }) => hook.organisationId === viewer.organisationId && hook.role === viewer.role;

/**
 * What an organisation's webhook is told of an event (docs/webhooks.md), or undefined when it may
 * not hear of it. Never a person's data: ids, stages, outcome words and the board row its role
 * sees. A task's event goes to the coordination and to the task's own assignee (even once the
 * assignee stepped back from the case); a record's event to whoever may open the record now.
 */
export function eventNotice(viewer: Viewer, event: { recordKind: EventSubject; recordId: string; taskId?: string }, parts: Pick<RecordParts, 'record' | 'linkedOrganisations' | 'tasks'> | undefined): Record<string, unknown> | undefined {
  // A published form holds no one's data: every hook listening for it hears which form and version.
  if (event.recordKind === 'form') return formOfRef(event.recordId);
  if (!parts) return undefined;
  const { recordKind: kind, recordId } = event;
  const seesRecord = kind === 'case' ? maySeeCase(viewer, parts) : maySeeTip(viewer, parts);
  if (!event.taskId) return seesRecord ? boardRow(viewer, kind, parts.record) : undefined;
  const task = parts.tasks.find((candidate) => candidate.taskId === event.taskId);
  const own = task && (viewer.role === 'coordinator' || (task.assigneeOrg === viewer.organisationId && task.assigneeRole === viewer.role));
  if (!task || !own) return undefined;
  const { assigneeRole: _role, ...notice } = taskSummary(task);
  return { [`${kind}Id`]: recordId, ...notice, [kind]: seesRecord ? boardRow(viewer, kind, parts.record) : undefined };
}
