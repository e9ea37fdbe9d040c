// The shape of Puente's one description of itself. `infra/system.ts` fills it in;
// `infra/aws` and `infra/local` both read it, so a route, index or workflow task is one edit.

export const roles = [
  'screener',
  'inspector',
  'shelter',
  'asylum',
  'child-protection',
  'liaison',
  'coordinator',
  'admin',
  // Partners a case is referred to (issue 16): each sees what its kind of help needs.
  'legal-aid',
  'health',
  'psychosocial',
  'family-tracing',
] as const;
export type Role = (typeof roles)[number];

export interface IndexDescription {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** What the index answers, in the product's words. */
  purpose: string;
  /** The attributes it copies besides the keys: exactly what the store reads from its queries (both hosts build it so). */
  projection: readonly string[];
}

export interface TableDescription {
  /** Environment variable through which handlers learn the table name. */
  nameEnv: string;
  partitionKey: string;
  sortKey: string;
  indexes: IndexDescription[];
  /** The attribute whose epoch seconds say when an item may go (DynamoDB TTL): idempotency claims. */
  ttlAttribute?: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDescription {
  method: HttpMethod;
  /** API Gateway style path, e.g. `/cases/{caseId}`. */
  path: string;
  /** Module path from the repository root; it exports `handler`. */
  handler: string;
  /** Roles allowed to call the route, or `public` for no sign-in. Handlers enforce it again with org checks. */
  roles: readonly Role[] | 'public';
  /** Which table actions and workflow actions the handler needs (least privilege on AWS). */
  grants: Grants;
  /** For intake routes: what the submission creates, with which form, and the workflow it starts. */
  intake?: IntakeBinding;
}

export interface IntakeBinding {
  kind: 'case' | 'tip';
  formId: string;
  workflow: string;
}

export interface Grants {
  table?: readonly ('read' | 'write')[];
  /** Workflow names whose executions the handler starts. */
  startWorkflows?: readonly string[];
  /** Whether the handler answers callback tasks (SendTaskSuccess/Failure). */
  answerTasks?: boolean;
  /** Workflow names whose executions the handler stops (erasure). */
  stopWorkflows?: readonly string[];
  /** Whether the handler seals or opens a person's data (the master key: KMS on AWS, a key file locally). */
  personalData?: boolean;
  /** Queue names the handler sends messages to. */
  sendToQueues?: readonly string[];
  /** The bulletin signing key (KMS on AWS, a key file locally): sign with it, or only publish its public key. */
  bulletinKey?: 'sign' | 'publish';
}

export interface TaskBinding {
  /** Module path from the repository root; it exports `handler`. */
  handler: string;
  grants: Grants;
}

export interface WorkflowDescription {
  /** Short name; the state machine is `puente-<name>`, its ARN reaches handlers as `<NAME>_WORKFLOW_ARN`. */
  name: string;
  /** ASL (JSONPath) file from the repository root. */
  definition: string;
  /** ASL placeholder (`${Placeholder}` in `FunctionName`) → the handler that runs the task. */
  tasks: Record<string, TaskBinding>;
}

export interface ScheduleDescription {
  name: string;
  everySeconds: number;
  handler: string;
  grants: Grants;
}

/** Work handed from one handler to another through a queue: SQS with a dead-letter queue on AWS, in-process on the local host. */
export interface QueueDescription {
  name: string;
  /** Takes each message (an SQS event of one record); throwing hands it back for another try. */
  handler: string;
  grants: Grants;
  /** How long a message taken stays hidden before another try (longer than the handler may run). */
  visibilitySeconds: number;
  /** After this many tries a message goes to the dead-letter queue (an alarm on AWS; the log locally). */
  maxReceives: number;
}

export interface SystemDescription {
  table: TableDescription;
  routes: RouteDescription[];
  workflows: WorkflowDescription[];
  schedules: ScheduleDescription[];
  queues?: QueueDescription[];
  /** Receives every execution's terminal status (EventBridge on AWS, the local engine's event locally). */
  executionStatusHandler?: TaskBinding;
}

export function workflowArnEnv(workflowName: string): string {
  return `${workflowName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_WORKFLOW_ARN`;
}

/** Handlers that send to a queue learn its URL from this variable. */
export function queueUrlEnv(queueName: string): string {
  return `${queueName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_QUEUE_URL`;
}

export function stateMachineName(workflowName: string): string {
  return `puente-${workflowName}`;
}

/** How long an ID token is valid: Cognito's default, and the local sign-in's too (never kinder than AWS). */
export const idTokenSeconds = 3600;
