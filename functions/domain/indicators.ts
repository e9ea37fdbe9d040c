// The coalition's common indicators, each defined once: an id (its definition text, in every
// language, is `indicators.<id>` in web/messages), the shape of its table (what adds up to what,
// for small-cell suppression) and how it is computed from what the deployment records — cases and
// tips with their tasks, consent changes and disaggregation — over a period [from, to).
// A time to protection is counted when the placement, the asylum answer or the guardian happens,
// whether or not the case has closed. Closures, reopenings and durable solutions come from the case lifecycle.
import type { Answers } from '../../forms/engine/types.ts';
import { solutionKinds } from '../../forms/decisions/lifecycle.ts';
import { flagNames } from './assessment.ts';
import { median } from './metrics.ts';
import { indicatorPolicy, workflowPolicy } from './policy.ts';
import type { Consent, Task } from './records.ts';
import { TOTAL, type IndicatorTable, type TableShape } from './small-cells.ts';

/** Goes up whenever a definition changes what it counts: bulletins carry it, so peers compare like with like. */
export const definitionsVersion = 1;

export interface Period {
  /** Inclusive, ISO 8601 UTC. */
  from: string;
  /** Exclusive. */
  to: string;
}

/** What a case's person is counted by, kept in the clear on the case (no exact age, no names). */
export interface Disaggregation {
  gender?: string;
  nationality?: string;
  exploitationTypes?: string[];
}

export type TaskFacts = Pick<Task, 'kind' | 'status' | 'assigneeOrg' | 'createdAt' | 'dueAt' | 'decidedAt' | 'outcome'>;

export interface CaseFacts {
  id: string;
  createdAt: string;
  assessment?: { determination?: string; flags?: string[] };
  ageBand?: string;
  disaggregation?: Disaggregation;
  consent?: Consent;
  tasks: TaskFacts[];
  /** Each time the case was reopened (domain/closure.ts). */
  reopenings?: { at: string }[];
  /** The case's durable solution, the latest started (domain/solutions.ts). */
  solution?: { kind: string; status: string; startedAt: string };
}

export interface TipFacts {
  id: string;
  createdAt: string;
  triage?: string;
  caseIds?: string[];
  tasks: TaskFacts[];
}

export interface IndicatorFacts {
  cases: CaseFacts[];
  tips: TipFacts[];
}

export interface IndicatorDefinition {
  id: string;
  shape: TableShape;
  compute(facts: IndicatorFacts, period: Period): IndicatorTable;
}

/** The answers a case is counted by; stored on the case when its interview is assessed. */
export function disaggregationOf(answers: Answers): Disaggregation {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const types = Array.isArray(answers.exploitationTypes) ? answers.exploitationTypes.filter((type): type is string => typeof type === 'string') : undefined;
  return { gender: text(answers.gender), nationality: text(answers.nationality)?.toUpperCase(), ...(types?.length ? { exploitationTypes: types } : {}) };
}

/** Records changed since this time are read for a period (see indicatorPolicy.recordLookbackSeconds). */
export const recordsSince = (period: Period) => new Date(Date.parse(period.from) - indicatorPolicy.recordLookbackSeconds * 1000).toISOString();

export const within = (at: string | undefined, period: Period) => !!at && at >= period.from && at < period.to;
const hoursBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;
const tenth = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** The p-th percentile by nearest rank (p90 of 10 values is the 9th smallest). */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const screenedIn = (facts: IndicatorFacts, period: Period) => facts.cases.filter((record) => within(record.createdAt, period));

/** A one-column count table: fixed keys first (always shown, so periods compare), then any others met, sorted. */
function countTable(id: string, column: string, keysOf: (record: CaseFacts) => string[], fixed: readonly string[], cases: CaseFacts[], total: boolean): IndicatorTable {
  const counts = new Map<string, number>(fixed.map((key) => [key, 0]));
  for (const record of cases) for (const key of keysOf(record)) counts.set(key, (counts.get(key) ?? 0) + 1);
  const keys = [...fixed, ...[...counts.keys()].filter((key) => !fixed.includes(key)).sort()];
  return {
    id,
    columns: [column],
    rows: [...keys.map((key) => ({ key, values: [counts.get(key)!] })), ...(total ? [{ key: TOTAL, values: [cases.length] }] : [])],
  };
}

const people: TableShape = { counts: ['people'], totalRow: true };

/** The profiles of the issue: presumed trafficked, international protection need, unaccompanied or separated child, smuggled, stranded. */
export const profiles = ['possibleTraffickingVictim', 'internationalProtectionNeed', 'unaccompaniedChild', 'smuggledMigrant', 'strandedMigrant'] as const satisfies readonly (typeof flagNames)[number][];
export const determinations = ['likely', 'possible', 'unlikely'] as const;
export const ageBands = ['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', 'unknown'] as const;
export const triages = ['urgent', 'priority', 'routine', 'insufficient'] as const;

// ---- referrals -------------------------------------------------------------------------------

/** The human steps that refer a person to a receiving organisation (the others are the coalition's own steps). */
export const referralKinds = ['placement', 'asylum-referral', 'guardianship', 'liaison-referral'] as const;
/** Outcome words of an organisation that did not take the referral; any other decision took it. */
const declinedOutcomes = new Set(['declined', 'guardian:no']);

const referralColumns = ['sent', 'accepted', 'declined', 'withdrawn', 'lapsed', 'open', 'answered', 'answered-late', 'median-hours-to-answer', 'p90-hours-to-answer', 'share-answered-late'];
const referralShape: TableShape = {
  counts: ['sent', 'accepted', 'declined', 'withdrawn', 'lapsed', 'open', 'answered', 'answered-late'],
  totalRow: true,
  sums: [
    { column: 'sent', of: ['accepted', 'declined', 'withdrawn', 'lapsed', 'open'] },
    { column: 'answered', of: ['accepted', 'declined'] },
  ],
  statistics: { 'median-hours-to-answer': ['answered'], 'p90-hours-to-answer': ['answered'], 'share-answered-late': ['answered', 'answered-late'] },
};

function referralRow(key: string, tasks: TaskFacts[]) {
  const answered = tasks.filter((task) => task.status === 'decided');
  const declined = answered.filter((task) => declinedOutcomes.has(task.outcome ?? '')).length;
  const late = answered.filter((task) => task.decidedAt! > task.dueAt).length;
  const hours = answered.map((task) => hoursBetween(task.createdAt, task.decidedAt!));
  const counts = [
    tasks.length,
    answered.length - declined,
    declined,
    tasks.filter((task) => task.status === 'withdrawn').length,
    tasks.filter((task) => task.status === 'overdue').length,
    tasks.filter((task) => task.status === 'open').length,
    answered.length,
    late,
  ];
  return { key, values: [...counts, tenth(median(hours)), tenth(percentile(hours, 90)), answered.length ? Math.round((late / answered.length) * 1000) / 1000 : null] };
}

/** Referrals sent in the period, grouped, and what became of them so far. */
function referralTable(id: string, groupOf: (task: TaskFacts) => string, fixed: readonly string[]) {
  return (facts: IndicatorFacts, period: Period): IndicatorTable => {
    const sent = facts.cases.flatMap((record) => record.tasks).filter((task) => (referralKinds as readonly string[]).includes(task.kind) && within(task.createdAt, period));
    const groups = new Map<string, TaskFacts[]>(fixed.map((key) => [key, []]));
    for (const task of sent) groups.set(groupOf(task), [...(groups.get(groupOf(task)) ?? []), task]);
    const keys = [...fixed, ...[...groups.keys()].filter((key) => !fixed.includes(key)).sort()];
    return { id, columns: referralColumns, rows: [...keys.map((key) => referralRow(key, groups.get(key)!)), referralRow(TOTAL, sent)] };
  };
}

// ---- times to protection -----------------------------------------------------------------------

/** Each protection a case may reach, and the decision that reaches it. */
const protections: { key: string; kind: string; reached: (outcome?: string) => boolean }[] = [
  { key: 'placement', kind: 'placement', reached: (outcome) => outcome === 'accepted' },
  { key: 'asylum-answer', kind: 'asylum-referral', reached: () => true },
  { key: 'guardian-appointed', kind: 'guardianship', reached: (outcome) => outcome === 'guardian:yes' },
];

function timesToProtection(facts: IndicatorFacts, period: Period): IndicatorTable {
  const rows = protections.map(({ key, kind, reached }) => {
    const hours: number[] = [];
    for (const record of facts.cases) {
      // The first time the case reached it; counted in the period it happened in.
      const first = record.tasks
        .filter((task) => task.kind === kind && task.status === 'decided' && reached(task.outcome))
        .map((task) => task.decidedAt!)
        .sort()[0];
      if (within(first, period)) hours.push(hoursBetween(record.createdAt, first));
    }
    return { key, values: [hours.length, tenth(median(hours)), tenth(percentile(hours, 90))] };
  });
  return { id: 'time-to-protection', columns: ['people', 'median-hours', 'p90-hours'], rows };
}

// ---- law enforcement ---------------------------------------------------------------------------

function lawEnforcement(facts: IndicatorFacts, period: Period): IndicatorTable {
  const referrals = facts.cases.flatMap((record) => record.tasks).filter((task) => task.kind === 'liaison-referral' && within(task.createdAt, period)).length;
  const later = facts.cases.flatMap((record) =>
    (record.consent?.changes ?? []).filter((change) => change.lawEnforcement === 'yes' && within(change.at, period)).map((change) => (Date.parse(change.at) - Date.parse(record.createdAt)) / 1000),
  );
  return {
    id: 'law-enforcement',
    columns: ['count'],
    rows: [
      { key: 'referrals-with-consent', values: [referrals] },
      { key: 'consents-given-later', values: [later.length] },
      { key: 'consents-given-in-reflection-period', values: [later.filter((seconds) => seconds <= workflowPolicy.reflectionPeriodSeconds).length] },
    ],
  };
}

// ---- tips --------------------------------------------------------------------------------------

const tipColumns = ['tips', 'inspected', 'forced-labour-found', 'leading-to-cases', 'people-screened'];

function tipsByTriage(facts: IndicatorFacts, period: Period): IndicatorTable {
  const received = facts.tips.filter((tip) => within(tip.createdAt, period));
  const row = (key: string, tips: TipFacts[]) => {
    const inspections = tips.map((tip) => tip.tasks.filter((task) => task.kind === 'inspection' && task.status === 'decided'));
    return {
      key,
      values: [
        tips.length,
        inspections.filter((done) => done.length).length,
        inspections.filter((done) => done.some((task) => task.outcome === 'forced-labour-found')).length,
        tips.filter((tip) => tip.caseIds?.length).length,
        tips.reduce((sum, tip) => sum + (tip.caseIds?.length ?? 0), 0),
      ],
    };
  };
  return {
    id: 'tips-by-triage',
    columns: tipColumns,
    rows: [...[...triages, 'untriaged'].map((triage) => row(triage, received.filter((tip) => (tip.triage ?? 'untriaged') === triage))), row(TOTAL, received)],
  };
}

// ---- the case lifecycle -------------------------------------------------------------------------

/** Closures approved by a coordinator and reopenings, each counted in the period it happened in (a case closed twice counts twice). */
function closuresAndReopenings(facts: IndicatorFacts, period: Period): IndicatorTable {
  const closed = facts.cases.flatMap((record) => record.tasks).filter((task) => task.kind === 'closure-approval' && task.status === 'decided' && task.outcome === 'approved' && within(task.decidedAt, period)).length;
  const reopened = facts.cases.flatMap((record) => record.reopenings ?? []).filter((reopening) => within(reopening.at, period)).length;
  return { id: 'closures-and-reopenings', columns: ['count'], rows: [{ key: 'closed', values: [closed] }, { key: 'reopened', values: [reopened] }] };
}

const solutionStatuses = ['reached', 'not-reached', 'held', 'failed', 'running'] as const;

/** Cases whose durable solution started in the period, by kind, and where it stands now. */
function casesByDurableSolution(facts: IndicatorFacts, period: Period): IndicatorTable {
  const started = facts.cases.flatMap((record) => (record.solution && within(record.solution.startedAt, period) ? [record.solution] : []));
  const row = (key: string, solutions: typeof started) => ({ key, values: [solutions.length, ...solutionStatuses.map((status) => solutions.filter((solution) => solution.status === status).length)] });
  return {
    id: 'cases-by-durable-solution',
    columns: ['started', ...solutionStatuses],
    rows: [...solutionKinds.map((kind) => row(kind, started.filter((solution) => solution.kind === kind))), row(TOTAL, started)],
  };
}

// ---- the definitions ---------------------------------------------------------------------------

export const indicatorDefinitions: IndicatorDefinition[] = [
  {
    id: 'screened-by-determination',
    shape: people,
    compute: (facts, period) => countTable('screened-by-determination', 'people', (record) => [record.assessment?.determination ?? 'unassessed'], [...determinations, 'unassessed'], screenedIn(facts, period), true),
  },
  {
    // A person may have several profiles: the rows do not add up to the people screened.
    id: 'screened-by-profile',
    shape: { counts: ['people'] },
    compute: (facts, period) =>
      countTable('screened-by-profile', 'people', (record) => (record.assessment?.flags ?? []).filter((flag) => (profiles as readonly string[]).includes(flag)), profiles, screenedIn(facts, period), false),
  },
  {
    id: 'screened-by-exploitation-type',
    shape: { counts: ['people'] },
    compute: (facts, period) => countTable('screened-by-exploitation-type', 'people', (record) => record.disaggregation?.exploitationTypes ?? [], [], screenedIn(facts, period), false),
  },
  {
    id: 'screened-by-nationality',
    shape: people,
    compute: (facts, period) => countTable('screened-by-nationality', 'people', (record) => [record.disaggregation?.nationality ?? 'unknown'], [], screenedIn(facts, period), true),
  },
  {
    id: 'screened-by-gender-and-age',
    shape: { counts: [...ageBands, 'all'], totalRow: true, sums: [{ column: 'all', of: [...ageBands] }] },
    compute: (facts, period) => {
      const cases = screenedIn(facts, period);
      const genders = [...new Set(cases.map((record) => record.disaggregation?.gender ?? 'unknown'))].sort();
      const row = (key: string, group: CaseFacts[]) => ({
        key,
        values: [...ageBands.map((band) => group.filter((record) => (record.ageBand ?? 'unknown') === band).length), group.length],
      });
      return {
        id: 'screened-by-gender-and-age',
        columns: [...ageBands, 'all'],
        rows: [...genders.map((gender) => row(gender, cases.filter((record) => (record.disaggregation?.gender ?? 'unknown') === gender))), row(TOTAL, cases)],
      };
    },
  },
  { id: 'referrals-by-kind', shape: referralShape, compute: referralTable('referrals-by-kind', (task) => task.kind, referralKinds) },
  { id: 'referrals-by-organisation', shape: referralShape, compute: referralTable('referrals-by-organisation', (task) => task.assigneeOrg, []) },
  {
    id: 'time-to-protection',
    shape: { counts: ['people'], statistics: { 'median-hours': ['people'], 'p90-hours': ['people'] } },
    compute: timesToProtection,
  },
  { id: 'law-enforcement', shape: { counts: ['count'] }, compute: lawEnforcement },
  { id: 'tips-by-triage', shape: { counts: tipColumns, totalRow: true }, compute: tipsByTriage },
  { id: 'closures-and-reopenings', shape: { counts: ['count'] }, compute: closuresAndReopenings },
  {
    id: 'cases-by-durable-solution',
    shape: { counts: ['started', ...solutionStatuses], totalRow: true, sums: [{ column: 'started', of: [...solutionStatuses] }] },
    compute: casesByDurableSolution,
  },
];

/** Every indicator over the period, in the order of the definitions. */
export const computeIndicators = (facts: IndicatorFacts, period: Period) => indicatorDefinitions.map((definition) => definition.compute(facts, period));

export const shapeOf = (id: string) => indicatorDefinitions.find((definition) => definition.id === id)!.shape;
