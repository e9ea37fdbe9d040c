// Puente's policy in one place, so a coalition can read and tune it: the Delphi threshold, the
// deadlines of each human step, the reflection period, how often a placement is tried.

export interface IndicatorCount {
  strong: number;
  medium: number;
  weak: number;
}

/** A Delphi dimension is positive with ≥2 strong, 1 strong + ≥1 medium/weak, ≥3 medium, or 2 medium + ≥1 weak. */
export function dimensionIsPositive({ strong, medium, weak }: IndicatorCount): boolean {
  return strong >= 2 || (strong >= 1 && medium + weak >= 1) || medium >= 3 || (medium >= 2 && weak >= 1);
}

/** Who is a child: under the age of majority, or presumed one while their age is disputed (CRC General Comment 6). */
export const minority = {
  adultAge: 18,
  /** A person whose age is disputed and who may be under this age is treated as a child. */
  disputedAgePresumptionBelow: 21,
};

/** How a labour tip is triaged on the ILO forced-labour indicators (docs/reference/labour-tip.md). */
export const tipTriage = {
  /** Indicators that make a tip a priority on their own. */
  priorityAlone: ['iloRestrictionOfMovement', 'iloRetentionOfDocuments', 'iloDebtBondage'],
  /** This many indicators make a tip a priority. */
  priorityIndicators: 3,
  /** Children seen working with at least this many indicators make a tip urgent. */
  urgentWithMinorsIndicators: 1,
  /** The deadline of the inspection each triage asks for (a key of taskDeadlineSeconds). */
  inspectionDeadline: { urgent: 'inspection-urgent', priority: 'inspection-priority', routine: 'inspection-routine', insufficient: 'inspection-routine' },
} as const;

const HOUR = 3600;
const DAY = 24 * HOUR;

/** How long each human step may stay open before the overdue sweep fails it (seconds). */
export const taskDeadlineSeconds = {
  placement: 4 * HOUR,
  'asylum-referral': 3 * DAY,
  guardianship: 2 * DAY,
  'liaison-referral': 2 * DAY,
  'consent-review': 2 * DAY,
  escalation: 1 * DAY,
  'determination-review': 2 * DAY,
  'inspection-urgent': 2 * DAY,
  'inspection-priority': 7 * DAY,
  'inspection-routine': 30 * DAY,
  'more-information': 7 * DAY,
  'duplicate-review': 7 * DAY,
  'child-protection-notice': 1 * DAY,
  // The case lifecycle (issue 16): approvals, the best-interests assessment, a durable solution's steps.
  'closure-approval': 2 * DAY,
  'best-interests': 14 * DAY,
  'best-interests-approval': 3 * DAY,
  'guardian-view': 3 * DAY,
  'family-tracing': 30 * DAY,
  'receiving-family-assessment': 30 * DAY,
  'child-handover': 7 * DAY,
  'return-travel': 14 * DAY,
  'solution-arrangement': 30 * DAY,
  'reintegration-follow-up': 14 * DAY,
  // The case lifecycle (issue 16): a partner answers a referral, a receiving organisation a transfer.
  // A follow-up is due when its plan says; this is only the longest a plan may set it ahead.
  'partner-referral': 3 * DAY,
  transfer: 3 * DAY,
  'follow-up': 60 * DAY,
} as const;

/** A planned service's follow-up (domain/case-plan.ts): its assignee is reminded this long before it is due. */
export const followUpPolicy = { reminderSeconds: 2 * DAY, shortestNoticeSeconds: 60 };

/** Possible duplicates (domain/duplicates.ts): what counts, how much, and from what score a pair is shown. */
export const duplicateMatching = {
  weights: { names: 0.6, birthYear: 0.2, birthYearApart: 0.5, nationality: 0.1, nationalityApart: 0.25, gender: 0.05, genderApart: 0.5 },
  /** Names that agree but not both a given and a family name (siblings, namesakes) count this much. */
  partialNames: 0.5,
  /** Each has a name the other lacks (Garza / García, a misspelling): the names count this much. */
  conflictingNames: 0.75,
  /** Birth years this far apart still agree: an estimated age is often off by a year or two. */
  birthYearTolerance: 2,
  threshold: 0.7,
  /** A coordinator is shown at most this many candidates for a case. */
  maxShown: 5,
  /**
   * Cases read per index entry at intake: a common pair of names (María García) must not make every
   * screening read and open thousands of profiles. Past it, some true pairs go unproposed.
   */
  candidatesPerEntry: 200,
};

/**
 * Every callback task's TimeoutSeconds in the ASL: a safety cap, far past any deadline, so the
 * overdue sweep (which closes the task in DynamoDB too) always fires first.
 */
export const callbackTimeoutSeconds = 90 * DAY;

export const workflowPolicy = {
  /** After this many declined or overdue placement requests, a coordinator takes over. */
  maxPlacementTries: 3,
  /** Time given to a person without law-enforcement consent before the screener revisits it. */
  reflectionPeriodSeconds: 30 * DAY,
  /** A child returned is followed up by child protection at 3 and at 6 months after the handover (RCM guidelines). */
  reintegrationFollowUpSeconds: { threeMonths: 91 * DAY, sixMonths: 182 * DAY },
  taskDeadlineSeconds,
};

export type WorkflowPolicy = typeof workflowPolicy;

/**
 * The policy handed to each workflow in its input. A deployment may tune it with PUENTE_POLICY
 * (JSON, same shape); tests use that to shorten the reflection period and deadlines.
 */
export function currentWorkflowPolicy(): WorkflowPolicy {
  const overrides = process.env.PUENTE_POLICY ? (JSON.parse(process.env.PUENTE_POLICY) as Partial<WorkflowPolicy>) : {};
  const policy = { ...workflowPolicy, ...overrides, taskDeadlineSeconds: { ...taskDeadlineSeconds, ...overrides.taskDeadlineSeconds } };
  const tooLong = Object.entries(policy.taskDeadlineSeconds).filter(([, seconds]) => !(seconds > 0 && seconds < callbackTimeoutSeconds - DAY));
  if (tooLong.length) throw new Error(`PUENTE_POLICY: deadlines must be positive and under ${callbackTimeoutSeconds - DAY} s: ${tooLong.map(([kind]) => kind).join(', ')}`);
  return policy;
}

/**
 * Sizes that fit end to end: a request body fits in one DynamoDB item (400 KB) with room for the
 * record's other attributes, and a workflow carries ids only, far below Step Functions' 256 KiB.
 */
export const limits = {
  /** The largest JSON body the API takes (413 above it), on both hosts. */
  requestBodyBytes: 128 * 1024,
  /** The longest id a path or query may name (400 above it). */
  idCharacters: 200,
  /** API answers at least this large go compressed to clients that take it (smaller ones gain less than the header costs). */
  compressAboveBytes: 1024,
  /** The largest XLSForm workbook taken (413 above it): far under Lambda's 6 MB once base64 (4/3 larger). */
  xlsFormBytes: 2 * 1024 * 1024,
  /** The largest imported form definition kept (a DynamoDB item holds at most 400 KB). */
  formDefinitionBytes: 300 * 1024,
  /** Submissions of an imported form per export page. */
  formSubmissionsPerPage: 200,
};

/** Retention periods in seconds, from the moment the record's work ended. */
export const retention = {
  /** A tip whose inspection identified no one: long enough to see a workplace reported again. */
  tipWithoutCaseSeconds: 180 * DAY,
  /** A closed case, and a tip that led to cases: follow-up, proceedings, the person's own requests. */
  closedCaseSeconds: 2 * 365 * DAY,
  /** A closed case whose person did not consent to data sharing (or was never asked): only for follow-up. */
  closedCaseWithoutSharingSeconds: 90 * DAY,
  /** After a legal hold is lifted, this long before erasure, so lifting a hold never erases by surprise. */
  afterLegalHoldSeconds: 30 * DAY,
  /** Idempotency claims (DynamoDB TTL): longer than a field device may hold a queued submission offline. */
  idempotencyClaimSeconds: 30 * DAY,
};

/** How long an unwrapped data key may stay in a process's memory, and how many (every open still reads the key item, so an erased record never opens from memory; the cache saves only the master-key call). */
export const keyCachePolicy = { ttlSeconds: 300, entries: 256 };

/**
 * Exports (docs/exports.md). An anonymised release shows each combination of quasi-identifiers at
 * least `k` times (CTDC's k = 11); an answer stays under `responseBytes`, below Lambda's 6 MB
 * response limit with room for its headers and JSON escaping, on both hosts.
 */
export const exportPolicy = {
  k: 11,
  /** Cases an HTCDS page reads at most (each opened with its own key); more come with a cursor. */
  htcdsCasesPerPage: 100,
  /** Cases one anonymised release may cover: above, 413 and a shorter period (it cannot be paged: k counts the whole file). */
  anonymisedMaxCases: 3000,
  responseBytes: 5 * 1024 * 1024,
};

/** Outgoing webhooks (docs/webhooks.md): how deliveries are tried, retried and given up. */
export const webhookPolicy = {
  /** A receiver that has not answered within this long has timed out (the attempt is retried). */
  attemptTimeoutSeconds: 10,
  /** The first retry after a failed attempt; each next one waits `backoffFactor` times longer, up to `maxRetryDelaySeconds`. */
  firstRetrySeconds: 5,
  backoffFactor: 6,
  maxRetryDelaySeconds: 6 * HOUR,
  /** A delivery still failing this long after its first attempt goes to the dead letters (then only a manual retry resends it). */
  retryForSeconds: 24 * HOUR,
  /** A delivery handed to the queue and not settled within this long is handed over again (a worker died). */
  leaseSeconds: 5 * 60,
  /** Deliveries and events taken per read of the dispatcher; it reads again while there are more, for up to `dispatchSeconds`. */
  batch: 100,
  dispatchSeconds: 20,
  /** `GET /webhooks/{id}/deliveries` lists this many, the newest. */
  deliveriesListed: 100,
  /** A hook's delivery log (attempts and outcomes) is kept this long. */
  logSeconds: 30 * DAY,
  /** At most this many hooks per organisation. */
  hooksPerOrganisation: 20,
};

export const indicatorPolicy = {
  /**
   * Small cells: a count below this never leaves the deployment as it is (CSV downloads,
   * bulletins); it is shown as `<threshold`, and a median or share resting on it is withheld.
   */
  smallCellThreshold: 11,
  /**
   * How far before a period the indicators look for records: a decision does not touch its
   * record, so a case last changed up to this long before the period may still reach a milestone in
   * it (a reflection period of 30 days plus a step's 90-day cap fit well inside).
   */
  recordLookbackSeconds: 180 * DAY,
};

/** What an imported XLSForm workbook may be: past these it is refused before it is read. */
export const xlsformPolicy = {
  /** The `.xlsx` as uploaded (a large real form, with media columns, is well under 1 MB). */
  maxBytes: 5 * 1024 * 1024,
  /**
   * Inflated size of all the zip's entries together (zip bombs): measured by inflating under this
   * cap before any part is parsed. A 20,000-row survey inflates to ~6 MB and reads in ~1 s.
   */
  maxInflatedBytes: 16 * 1024 * 1024,
  maxZipEntries: 200,
  maxSheets: 20,
  /** Rows read per sheet (survey, choices): a country → district → village list fits. */
  maxRows: 20_000,
  maxColumns: 200,
  /** Characters per cell: a long note, or a long constraint, fits. */
  maxCellLength: 10_000,
};
