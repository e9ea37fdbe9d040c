// Puente, described once. Both hosts read this: `infra/aws` (CDK) and `infra/local` (npm start).
// A new route, index or workflow task is one edit here.
import type { Grants, IntakeBinding, Role, RouteDescription, SystemDescription, TableDescription } from './description.ts';

/** What a record and an organisation show on a board, and what retention and the figures read of a record. */
// (DynamoDB copies at most 20 attributes into an index: these 20 are the board's, the figures' and retention's.)
const recordOnBoard = ['id', 'stage', 'createdAt', 'updatedAt', 'closedAt', 'overdueByKind', 'triage', 'assessment', 'outcome', 'consent', 'milestones', 'caseIds', 'legalHold', 'legalHoldLiftedAt'];
const organisation = ['name', 'type', 'country', 'distanceRank', 'shelter', 'version'];

export const table: TableDescription = {
  nameEnv: 'TABLE_NAME',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  // Indexes copy only what their queries read: answers, ages, decisions and sealed blobs stay in the table.
  indexes: [
    { name: 'board', partitionKey: 'boardPk', sortKey: 'boardSk', purpose: "the coordinator's status board: cases and tips by stage, newest first", projection: [...new Set([...recordOnBoard, ...organisation])] },
    { name: 'inbox', partitionKey: 'inboxPk', sortKey: 'inboxSk', purpose: "an organisation's open tasks, by due time; its links to records", projection: ['taskId', 'parentId', 'parentKind', 'kind', 'status', 'assigneeOrg', 'assigneeRole', 'createdAt', 'dueAt'] },
    {
      name: 'due',
      partitionKey: 'duePk',
      sortKey: 'dueSk',
      purpose: 'open tasks by due time (overdue sweep); decisions not yet sent to their workflow; events not yet dispatched; webhook deliveries by when they are due',
      // The token and what to send stay only until the workflow was told (then both are removed).
      projection: ['taskId', 'parentId', 'parentKind', 'kind', 'assigneeOrg', 'dueAt', 'resume', 'token'],
    },
    { name: 'recent', partitionKey: 'recentPk', sortKey: 'recentSk', purpose: 'all cases, or all tips, newest change first; all organisations', projection: [...new Set([...recordOnBoard, ...organisation])] },
  ],
};

/** The case lifecycle's one-task workflows (issue 16): a follow-up, a partner's referral, a transfer. */
const lifecycle = ['follow-up', 'partner-referral', 'transfer'];
const read: Grants = { table: ['read'] };
const readWrite: Grants = { table: ['read', 'write'] };
/** Seals or opens a person's data: the only handlers given the master key. */
const personal: Grants = { table: ['read', 'write'], personalData: true };
/** The lifecycle's workflows that close, assess and settle (issue 16): erasure and retention stop them too, as the others. */
const lifecycleWorkflows = ['closure', 'best-interests', 'solution'];
/** Partners a case is referred to (issue 16). */
const partners: Role[] = ['legal-aid', 'health', 'psychosocial', 'family-tracing'];
const anyone: Role[] = ['screener', 'inspector', 'shelter', 'asylum', 'child-protection', 'liaison', 'coordinator', 'admin', ...partners];
const receiving: Role[] = ['shelter', 'asylum', 'child-protection', 'liaison', 'inspector', 'screener', 'coordinator', ...partners];
/** The case's own team (the responsible organisation's people and the coordination; access.ts `isCaseTeam` narrows it per case). */
const caseTeam: Role[] = ['screener', 'inspector', 'coordinator'];
const route = (method: RouteDescription['method'], path: string, handler: string, roles: RouteDescription['roles'], grants: Grants, intake?: IntakeBinding): RouteDescription => ({
  method,
  path,
  handler: `functions/api/${handler}.ts`,
  roles,
  grants,
  ...(intake ? { intake } : {}),
});

export const routes: RouteDescription[] = [
  route('GET', '/openapi.json', 'openapi', 'public', {}),
  // Puente's own forms (the deployment's) and those imported from XLSForms (the table's).
  route('GET', '/forms', 'forms', anyone, read),
  route('GET', '/forms/{formId}', 'forms', anyone, read),
  // XLSForm in and out (issue 15): an administrator imports; the coordination and field teams take any form to Kobo or ODK.
  route('POST', '/forms/import', 'import-form', ['admin'], readWrite),
  route('GET', '/forms/{formId}/xlsform', 'form-workbook', ['admin', 'coordinator', 'screener', 'inspector'], read),
  // Submissions of imported forms, on their own or as a case's follow-up records; exported by the coordination.
  route('POST', '/forms/{formId}/submissions', 'submit-form', ['screener', 'inspector', 'coordinator'], personal),
  route('GET', '/forms/{formId}/submissions', 'export-form-submissions', ['coordinator'], personal),
  route('GET', '/cases/{caseId}/follow-ups', 'follow-ups', ['coordinator', 'screener', 'inspector', 'shelter', 'asylum', 'child-protection', 'liaison'], personal),
  // Intake: the route takes one form, creates a case or a tip, and starts its workflow.
  route('POST', '/screenings', 'intake', ['screener', 'inspector'], { ...personal, startWorkflows: ['case'] }, { kind: 'case', formId: 'screening-interview', workflow: 'case' }),
  route('POST', '/tips', 'intake', ['inspector', 'screener'], { ...personal, startWorkflows: ['tip'] }, { kind: 'tip', formId: 'labour-tip', workflow: 'tip' }),
  route('GET', '/cases', 'list-records', ['coordinator', 'screener', 'inspector', 'shelter', 'asylum', 'child-protection', 'liaison', ...partners], read),
  route('GET', '/cases/{caseId}', 'read-record', ['coordinator', 'screener', 'inspector', 'shelter', 'asylum', 'child-protection', 'liaison', ...partners], personal),
  // A screener who files a tip reads it too: the more-information task goes back to its submitter.
  route('GET', '/tips', 'list-records', ['inspector', 'coordinator', 'liaison', 'screener'], read),
  route('GET', '/tips/{tipId}', 'read-record', ['inspector', 'coordinator', 'liaison', 'screener'], personal),
  route('GET', '/tasks', 'list-tasks', receiving, personal),
  route('POST', '/tasks/{taskId}/decision', 'decide-task', receiving, { ...personal, answerTasks: true, startWorkflows: ['liaison'] }),
  route('POST', '/cases/{caseId}/consent', 'record-consent', ['screener', 'coordinator'], { ...readWrite, startWorkflows: ['liaison'], answerTasks: true }),
  // Crypto-shredding: the record's key is deleted, its open steps withdrawn, its executions stopped.
  route('POST', '/cases/{caseId}/erasure', 'erase-record', ['coordinator', 'admin'], { ...readWrite, stopWorkflows: ['case', 'liaison', ...lifecycle, ...lifecycleWorkflows] }),
  route('POST', '/tips/{tipId}/erasure', 'erase-record', ['coordinator', 'admin'], { ...readWrite, stopWorkflows: ['tip', 'child-notice'] }),
  // The person's rights: everything held about them, and who read it (a chain that shows tampering).
  route('GET', '/cases/{caseId}/subject-access', 'subject-access', ['coordinator', 'screener', 'inspector'], personal),
  route('GET', '/cases/{caseId}/access-log', 'access-log', ['coordinator', 'admin'], read),
  route('POST', '/cases/{caseId}/corrections', 'correct-answers', ['coordinator', 'screener', 'inspector'], personal),
  route('POST', '/cases/{caseId}/legal-hold', 'legal-hold', ['coordinator'], readWrite),
  route('POST', '/tips/{tipId}/legal-hold', 'legal-hold', ['coordinator'], readWrite),
  route('GET', '/metrics', 'metrics', ['coordinator'], read),
  // The field's standards (docs/exports.md): HTCDS cases (personal fields with consent only), a k-anonymous release; each export audited.
  route('GET', '/exports/htcds', 'export-htcds', ['coordinator'], personal),
  route('GET', '/exports/anonymised', 'export-anonymised', ['coordinator'], personal),
  route('GET', '/exports/log', 'export-log', ['coordinator', 'admin'], read),
  // Common indicators, and the regional exchange of signed bulletins (docs/indicators.md).
  route('GET', '/indicators', 'indicators', ['coordinator'], read),
  route('GET', '/indicators/bulletin', 'bulletin', ['coordinator'], { ...read, bulletinKey: 'sign' }),
  route('GET', '/.well-known/jwks.json', 'jwks', 'public', { bulletinKey: 'publish' }),
  route('POST', '/regional/peers', 'regional-peers', ['coordinator'], readWrite),
  route('POST', '/regional/bulletins', 'regional-bulletins', ['coordinator'], readWrite),
  route('GET', '/regional/indicators', 'regional-indicators', ['coordinator'], read),
  route('GET', '/workflows/{name}', 'workflows', ['coordinator', 'screener', 'inspector'], {}),
  route('GET', '/organizations', 'organisations', ['coordinator', 'admin'], read),
  route('POST', '/organizations', 'save-organisation', ['coordinator', 'admin'], readWrite),
  route('PUT', '/organizations/{id}', 'save-organisation', ['coordinator', 'admin'], readWrite),
  // Outgoing webhooks (docs/webhooks.md): an organisation's coordination registers where its events go.
  route('POST', '/webhooks', 'register-webhook', ['coordinator', 'admin'], { ...readWrite, personalData: true }),
  route('GET', '/webhooks', 'webhooks', ['coordinator', 'admin'], read),
  route('DELETE', '/webhooks/{id}', 'webhooks', ['coordinator', 'admin'], readWrite),
  route('GET', '/webhooks/{id}/deliveries', 'webhook-deliveries', ['coordinator', 'admin'], read),
  route('POST', '/webhooks/{id}/deliveries/{deliveryId}/retry', 'webhook-deliveries', ['coordinator', 'admin'], readWrite),
  // A shelter keeps its own count of free beds (its organisation only; nothing else of it).
  route('GET', '/organizations/{id}/beds', 'shelter-beds', ['shelter'], read),
  route('PUT', '/organizations/{id}/beds', 'count-beds', ['shelter'], readWrite),
  // The case lifecycle (issue 16): closing (a coordinator approves), reopening, a child's best-interests assessment, a durable
  // solution (the interview is opened for the non-refoulement guard). The case's team or the coordination; approvals in the inbox.
  route('POST', '/cases/{caseId}/closure', 'request-closure', ['coordinator', 'screener', 'inspector'], { ...readWrite, startWorkflows: ['closure'] }),
  route('POST', '/cases/{caseId}/reopening', 'reopen-case', ['coordinator', 'screener', 'inspector'], readWrite),
  route('POST', '/cases/{caseId}/best-interests', 'request-best-interests', ['coordinator', 'screener', 'inspector', 'child-protection'], { ...readWrite, startWorkflows: ['best-interests'] }),
  route('POST', '/cases/{caseId}/solutions', 'start-solution', ['coordinator', 'screener', 'inspector', 'child-protection'], { ...personal, startWorkflows: ['solution'] }),
  // The case lifecycle (issue 16): a plan followed up, the team's sealed notes, referrals to any partner within consent, a transfer of responsibility.
  route('POST', '/cases/{caseId}/plan', 'case-plan', caseTeam, { ...personal, startWorkflows: ['follow-up'] }),
  route('GET', '/cases/{caseId}/plan', 'case-plan', caseTeam, personal),
  route('POST', '/cases/{caseId}/notes', 'case-plan', caseTeam, personal),
  route('GET', '/cases/{caseId}/notes', 'case-plan', caseTeam, personal),
  route('POST', '/cases/{caseId}/referrals', 'partner-referrals', caseTeam, { ...personal, startWorkflows: ['partner-referral'] }),
  route('GET', '/cases/{caseId}/referrals', 'partner-referrals', caseTeam, personal),
  route('POST', '/cases/{caseId}/referrals/{referralId}/revocation', 'partner-referrals', caseTeam, { ...readWrite, answerTasks: true }),
  route('POST', '/cases/{caseId}/transfer', 'transfer-case', caseTeam, { ...personal, startWorkflows: ['transfer'] }),
  route('GET', '/partners', 'partner-referrals', caseTeam, read),
  // The nationality column of the coordinator's board: sealed with the interview, never on an index, so read when asked for (audited).
  route('GET', '/nationalities', 'nationalities', ['coordinator'], personal),
];

const task = (name: string, grants: Grants = readWrite) => ({ handler: `functions/tasks/${name}.ts`, grants });
/** The case lifecycle's workflows (closing, a best-interests assessment, a durable solution): erasure and retention stop them too. */
const lifecycleTasks = { OpenTask: task('open-task'), SettleLifecycle: task('settle-lifecycle'), RecordBranchFailure: task('record-failure') };
/** A lifecycle workflow (issue 16): one callback task with its deadline and escalation. */
const lifecycleWorkflow = (name: string) => ({ name, definition: `workflows/${name}.asl.json`, tasks: { OpenTask: task('open-task'), RecordBranchFailure: task('record-failure') } });

export const system: SystemDescription = {
  table,
  routes,
  workflows: [
    {
      name: 'case',
      definition: 'workflows/case.asl.json',
      tasks: {
        AssessRisk: task('assess-risk', personal),
        MatchShelter: task('match-shelter', { ...read, personalData: true }),
        OpenTask: task('open-task'),
        CheckConsent: task('check-consent', read),
        RecordOutcome: task('record-outcome'),
        RecordBranchFailure: task('record-failure'),
        FindDuplicates: task('find-duplicates', personal),
      },
    },
    {
      name: 'liaison',
      definition: 'workflows/liaison.asl.json',
      tasks: { OpenTask: task('open-task'), RecordOutcome: task('record-outcome'), RecordBranchFailure: task('record-failure') },
    },
    {
      name: 'tip',
      definition: 'workflows/tip.asl.json',
      tasks: {
        // Children seen working: the child-protection office is told at once, in a workflow of its own.
        TriageTip: task('triage-tip', { ...personal, startWorkflows: ['child-notice'] }),
        OpenTask: task('open-task'),
        ScreenPeople: task('screen-people', { ...personal, startWorkflows: ['case'] }),
        RecordOutcome: task('record-outcome'),
        RecordBranchFailure: task('record-failure'),
      },
    },
    {
      name: 'child-notice',
      definition: 'workflows/child-notice.asl.json',
      tasks: { OpenTask: task('open-task'), RecordBranchFailure: task('record-failure') },
    },
    { name: 'closure', definition: 'workflows/closure.asl.json', tasks: lifecycleTasks },
    { name: 'best-interests', definition: 'workflows/best-interests.asl.json', tasks: lifecycleTasks },
    // The non-refoulement hold checked again before every return step (reads fearOfReturn from the interview).
    { name: 'solution', definition: 'workflows/solution.asl.json', tasks: { ...lifecycleTasks, CheckNonRefoulement: task('check-non-refoulement', { ...read, personalData: true }) } },
    ...lifecycle.map(lifecycleWorkflow),
  ],
  schedules: [
    { name: 'overdue-sweep', everySeconds: 60, handler: 'functions/tasks/overdue-sweep.ts', grants: { ...readWrite, answerTasks: true } },
    { name: 'retention-sweep', everySeconds: 24 * 3600, handler: 'functions/tasks/retention-sweep.ts', grants: { ...readWrite, stopWorkflows: ['case', 'liaison', 'tip', 'child-notice', ...lifecycle, ...lifecycleWorkflows] } },
    // The outbox to deliveries, and deliveries due (new or to retry) to the queue (docs/webhooks.md).
    { name: 'dispatch-events', everySeconds: 60, handler: 'functions/tasks/dispatch-events.ts', grants: { ...readWrite, sendToQueues: ['webhook-deliveries'] } },
  ],
  queues: [
    // Opens the hook's secret to sign (the master key); reads records without their personal data.
    { name: 'webhook-deliveries', handler: 'functions/tasks/deliver-webhook.ts', grants: { ...readWrite, personalData: true }, visibilitySeconds: 60, maxReceives: 5 },
  ],
  executionStatusHandler: task('execution-status'),
};
