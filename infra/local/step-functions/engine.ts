// A durable Step Functions engine for one machine: aws-local-stepfunctions interprets the ASL;
// this class gives it what AWS gives a Standard workflow and the library lacks: task tokens,
// Lambda-shaped invocations, recorded results, and executions that survive a restart.
//
// Durability is by replay. Each task invocation is keyed by state name, a hash of its input and
// its occurrence; its result is journaled. On start, every RUNNING execution is run again from
// its beginning: finished tasks answer from the journal (no finished handler runs twice; one cut
// short runs again under the same request id, as Lambda redelivers), open callbacks are awaited
// again with the same token, and Waits sleep only their remainder. This is sound
// because the ASL is deterministic given task results (no States.UUID, no MathRandom).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { ExecutionRecord, ExecutionStatus, Journal, TaskRecord } from './journal.ts';
import {
  LONGEST_TIMER_SECONDS,
  RETRY_COUNT_MARKER,
  TASK_TOKEN_MARKER,
  TIMEOUT_FIELD,
  type LocalTask,
  type PreparedDefinition,
} from './prepare-definition.ts';

export type LambdaHandler = (event: any, context: any) => Promise<unknown>;

/** The events the library reports as it runs (its type is not exported). */
type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;

export interface LocalStateMachine {
  name: string;
  arn: string;
  /** The ASL as written (after substitutions), returned by DescribeStateMachine. */
  definition: string;
  prepared: PreparedDefinition;
  /** Placeholder → the handler bound to it. */
  handlers: Map<string, LambdaHandler>;
}

/** An error the Step Functions API returns to its caller, by its AWS error code. */
export class StepFunctionsApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
    this.code = code;
  }
}

/**
 * Step Functions' limit on an execution's input and output, a state's input and output and a task's
 * result: 256 KiB as UTF-8. Above it AWS refuses the API call or fails the execution, and so does this.
 */
export const PAYLOAD_LIMIT_BYTES = 262_144;

/**
 * The event EventBridge delivers on AWS for "Step Functions Execution Status Change", for every
 * status: RUNNING once when an execution starts, then the one that ends it.
 */
export interface ExecutionStatusChange {
  version: '0';
  id: string;
  'detail-type': 'Step Functions Execution Status Change';
  source: 'aws.states';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    executionArn: string;
    stateMachineArn: string;
    name: string;
    status: ExecutionStatus;
    startDate: number;
    stopDate: number | null;
    input: string;
    inputDetails: { included: boolean };
    output: string | null;
    outputDetails: { included: boolean } | null;
    error: string | null;
    cause: string | null;
    redriveCount: number;
    redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE';
    redriveStatusReason?: string;
  };
}

interface RunningExecution {
  abort: () => void;
  /** Set when the abort is a host shutdown: the execution stays RUNNING and resumes next start. */
  suspended: boolean;
  timers: Set<NodeJS.Timeout>;
  /** Settles once every state's output has been measured against the payload limit. */
  payloadChecked?: Promise<void>;
  /** Set the moment a state is found over the payload limit: nothing more of it may run. */
  overLimit?: boolean;
  /** States entered so far, journaled when the execution closes (Standard workflows bill each). */
  statesEntered: number;
}

interface Waiter {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

export interface EngineOptions {
  journal: Journal;
  machines: LocalStateMachine[];
  region: string;
  onStatusChange?: (event: ExecutionStatusChange) => Promise<void>;
}

export class LocalStepFunctions {
  private readonly machines = new Map<string, LocalStateMachine>();
  private readonly running = new Map<string, RunningExecution>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly journal: Journal;
  private readonly region: string;
  private readonly onStatusChange?: EngineOptions['onStatusChange'];

  constructor(options: EngineOptions) {
    this.journal = options.journal;
    this.region = options.region;
    this.onStatusChange = options.onStatusChange;
    for (const machine of options.machines) this.machines.set(machine.arn, machine);
  }

  listStateMachines() {
    return [...this.machines.values()].map((machine) => ({
      stateMachineArn: machine.arn,
      name: machine.name,
      type: 'STANDARD',
      creationDate: 0,
    }));
  }

  describeStateMachine(stateMachineArn: string) {
    const machine = this.machine(stateMachineArn);
    return { stateMachineArn, name: machine.name, status: 'ACTIVE', definition: machine.definition, type: 'STANDARD' };
  }

  async startExecution(request: { stateMachineArn: string; name?: string; input?: string }) {
    const input = request.input ?? '{}';
    // As on AWS, the request's constraints are checked before the state machine is looked up.
    if (tooLarge(input)) throw sizeConstraint('input');
    const machine = this.machine(request.stateMachineArn);
    try {
      JSON.parse(input);
    } catch {
      throw new StepFunctionsApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not JSON');
    }
    const name = request.name ?? randomUUID();
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw new StepFunctionsApiError('InvalidName', `Invalid Name: '${name}'`);
    }
    const executionArn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date().toISOString(),
    };
    if (!(await this.journal.createExecution(record))) {
      // As on AWS: the same name and input while it runs is the same execution; anything else is a clash.
      const existing = await this.journal.getExecution(executionArn);
      if (existing?.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: toEpochSeconds(existing.startDate) };
      }
      throw new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    await this.emitStatus(record);
    this.run(machine, record, new Map());
    return { executionArn, startDate: toEpochSeconds(record.startDate) };
  }

  async describeExecution(executionArn: string) {
    const record = await this.journal.getExecution(executionArn);
    if (!record) throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return describe(record);
  }

  async listExecutions(request: { stateMachineArn: string; statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string }) {
    this.machine(request.stateMachineArn);
    const page = await this.journal.listExecutions(
      request.stateMachineArn,
      request.statusFilter,
      request.maxResults || 100,
      request.nextToken,
    );
    return {
      executions: page.executions.map((record) => {
        const { input: _input, output: _output, error: _error, cause: _cause, ...summary } = describe(record);
        return summary;
      }),
      nextToken: page.cursor,
    };
  }

  async stopExecution(request: { executionArn: string; error?: string; cause?: string }) {
    const record = await this.journal.getExecution(request.executionArn);
    if (!record) throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${request.executionArn}'`);
    const statesEntered = this.running.get(request.executionArn)?.statesEntered;
    if (await this.journal.closeExecution(request.executionArn, { status: 'ABORTED', error: request.error, cause: request.cause, statesEntered })) {
      this.running.get(request.executionArn)?.abort();
      await this.emitClosed(request.executionArn);
    }
    const closed = await this.journal.getExecution(request.executionArn);
    return { stopDate: toEpochSeconds(closed!.stopDate ?? new Date().toISOString()) };
  }

  async sendTaskSuccess(request: { taskToken: string; output: string }) {
    if (tooLarge(request.output ?? '')) throw sizeConstraint('output');
    let output: unknown;
    try {
      output = JSON.parse(request.output);
    } catch {
      throw new StepFunctionsApiError('InvalidOutput', 'Invalid Output: not JSON');
    }
    return this.answer(request.taskToken, { status: 'SUCCEEDED', output });
  }

  sendTaskFailure(request: { taskToken: string; error?: string; cause?: string }) {
    return this.answer(request.taskToken, { status: 'FAILED', error: request.error ?? '', cause: request.cause });
  }

  async sendTaskHeartbeat(request: { taskToken: string }) {
    const task = await this.openTask(request.taskToken);
    if (task.status !== 'RUNNING') throw taskTimedOut();
    return {};
  }

  /** Picks up every execution left RUNNING by an earlier host. */
  async resumeAll(): Promise<number> {
    let resumed = 0;
    for (const machine of this.machines.values()) {
      let cursor: string | undefined;
      do {
        const page = await this.journal.listExecutions(machine.arn, 'RUNNING', 100, cursor);
        for (const record of page.executions) {
          if (this.running.has(record.executionArn)) continue;
          this.run(machine, record, await this.journal.tasksOf(record.executionArn));
          resumed++;
        }
        cursor = page.cursor;
      } while (cursor);
    }
    return resumed;
  }

  /** Stops interpreting without closing anything: every running execution resumes on the next start. */
  shutdown(): void {
    for (const execution of this.running.values()) {
      execution.suspended = true;
      execution.abort();
      for (const timer of execution.timers) clearTimeout(timer);
    }
    this.running.clear();
    this.waiters.clear();
  }

  private machine(stateMachineArn: string): LocalStateMachine {
    const machine = this.machines.get(stateMachineArn);
    if (!machine) throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    return machine;
  }

  private run(machine: LocalStateMachine, record: ExecutionRecord, journaled: Map<string, TaskRecord>): void {
    const occurrences = new Map<string, number>();
    const running: RunningExecution = { abort: () => {}, suspended: false, timers: new Set(), statesEntered: 0 };
    const taskHandlers: Record<string, (input: any) => Promise<any>> = {};
    for (const task of machine.prepared.tasks.values()) {
      taskHandlers[task.stateName] = (input) => {
        const { key, occurrence } = invocationKey(task.stateName, input, occurrences);
        if (input.Payload !== undefined) input.Payload = withMarker(input.Payload, RETRY_COUNT_MARKER, occurrence - 1);
        const recorded = journaled.get(key);
        input[TIMEOUT_FIELD] = timeoutFor(task, recorded);
        return this.runTask(machine, record.executionArn, running, task, key, recorded, input);
      };
    }
    // The library's definition type is stricter than JSON read from a file; the ASL was validated on load.
    const execution = new StateMachine(machine.prepared.definition as any, { validationOptions: { noValidate: true } }).run(
      JSON.parse(record.input),
      {
        overrides: { taskResourceLocalHandlers: taskHandlers },
        noThrowOnAbort: true,
        context: {
          Execution: { Id: record.executionArn, Name: record.name, RecordedStartTime: record.startDate },
          StateMachine: { Id: machine.arn, Name: machine.name },
          Task: { Token: TASK_TOKEN_MARKER },
        },
      },
    );
    running.abort = execution.abort;
    this.running.set(record.executionArn, running);
    running.payloadChecked = this.enforcePayloadLimit(execution.eventLogs, record.executionArn, running).catch((error) =>
      console.error(`execution ${record.executionArn}: the payload limit could not be enforced:`, error),
    );
    // The library's own task timers hold at most ~24.8 days. Before that, replay the execution from
    // its journal, which re-arms every timer with what truly remains (a 30-day cap stays 30 days).
    const rearm = setTimeout(() => void this.rearm(machine, record, running), (LONGEST_TIMER_SECONDS - 3600) * 1000);
    running.timers.add(rearm);
    execution.result.then(
      (output) => this.finish(record.executionArn, running, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) }),
      (failure: Error & { cause?: Error }) => {
        const error = failure.cause ?? failure;
        const timedOut = failure.name === 'ExecutionTimeoutError';
        return this.finish(record.executionArn, running, {
          status: timedOut ? 'TIMED_OUT' : 'FAILED',
          error: timedOut ? 'States.Timeout' : error.name,
          cause: error.message,
        });
      },
    ).catch((error) => {
      // The journal would not answer even after waiting: the execution stays RUNNING there, and
      // the next start resumes it, rather than the host ending on an unhandled rejection.
      console.error(`execution ${record.executionArn} could not be closed; it resumes on the next start:`, error);
    });
  }

  private async rearm(machine: LocalStateMachine, record: ExecutionRecord, running: RunningExecution): Promise<void> {
    if (this.running.get(record.executionArn) !== running) return;
    running.suspended = true;
    running.abort();
    for (const timer of running.timers) clearTimeout(timer);
    this.running.delete(record.executionArn);
    this.run(machine, record, await this.journal.tasksOf(record.executionArn));
  }

  private async finish(
    executionArn: string,
    running: RunningExecution,
    outcome: Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause'>,
  ): Promise<void> {
    if (running.suspended) return;
    if (this.running.get(executionArn) === running) this.running.delete(executionArn);
    // A state over the limit ends the execution FAILED, even when a later state made the output small.
    await running.payloadChecked;
    if (outcome.status === 'SUCCEEDED' && tooLarge(outcome.output ?? '')) {
      outcome = { status: 'FAILED', error: DATA_LIMIT_EXCEEDED, cause: 'The execution output has a size exceeding the maximum number of bytes service limit.' };
    }
    if (await this.journal.closeExecution(executionArn, { ...outcome, statesEntered: running.statesEntered })) await this.emitClosed(executionArn);
  }

  /**
   * A state whose output passes the limit fails the execution with States.DataLimitExceeded, as on
   * AWS; like there, no Catch or Retry applies (States.ALL does not match it). The library reports
   * each state's output as an event, read here as the execution runs.
   */
  private async enforcePayloadLimit(events: AsyncGenerator<EventLog>, executionArn: string, running: RunningExecution): Promise<void> {
    for await (const event of events) {
      // A retry enters its state again without a StateEntered event; AWS bills it as a transition.
      if (event.type === 'StateEntered' || event.type === 'StateRetried') running.statesEntered++;
      if (event.type !== 'StateExited' || !tooLarge(JSON.stringify(event.state.output ?? null))) continue;
      running.overLimit = true;
      await this.failOversized(executionArn, running, event.state.name);
      return;
    }
  }

  /** Ends an execution with States.DataLimitExceeded and stops interpreting it. */
  private async failOversized(executionArn: string, running: RunningExecution, stateName: string): Promise<void> {
    running.overLimit = true;
    if (running.suspended) return;
    const cause = `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    if (!(await this.journal.closeExecution(executionArn, { status: 'FAILED', error: DATA_LIMIT_EXCEEDED, cause, statesEntered: running.statesEntered }))) return;
    for (const timer of running.timers) clearTimeout(timer);
    running.abort(); // the run then settles with null, which finds the execution closed already
    await this.emitClosed(executionArn);
  }

  private async emitClosed(executionArn: string): Promise<void> {
    const record = await this.journal.getExecution(executionArn);
    if (record) await this.emitStatus(record);
  }

  private async emitStatus(record: ExecutionRecord): Promise<void> {
    if (!this.onStatusChange) return;
    const redrivable = record.status !== 'RUNNING' && record.status !== 'SUCCEEDED';
    await this.onStatusChange({
      version: '0',
      id: randomUUID(),
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: record.executionArn.split(':')[4],
      time: new Date().toISOString(),
      region: this.region,
      resources: [record.executionArn],
      detail: {
        executionArn: record.executionArn,
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        status: record.status,
        startDate: Date.parse(record.startDate),
        stopDate: record.stopDate ? Date.parse(record.stopDate) : null,
        input: record.input,
        inputDetails: { included: true },
        output: record.output ?? null,
        outputDetails: record.output === undefined ? null : { included: true },
        error: record.error ?? null,
        cause: record.cause ?? null,
        redriveCount: 0,
        redriveStatus: redrivable ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
        ...(redrivable ? {} : { redriveStatusReason: `Execution is ${record.status} and cannot be redriven` }),
      },
    });
  }

  private async runTask(
    machine: LocalStateMachine,
    executionArn: string,
    running: RunningExecution,
    task: LocalTask,
    key: string,
    recorded: TaskRecord | undefined,
    input: any,
  ): Promise<unknown> {
    if (recorded?.status === 'SUCCEEDED') return recorded.output;
    if (recorded?.status === 'FAILED') return replayFailure(recorded);
    // The library calls this in the same tick as the state before it exited: let the payload check
    // read that state's output first, so one over the limit ends the execution before this runs.
    await new Promise((resolve) => setImmediate(resolve));
    if (running.overLimit) return new Promise(() => {});
    const enteredAt = recorded?.enteredAt ?? Date.now();
    const entry: TaskRecord = { key, stateName: task.stateName, status: 'RUNNING', enteredAt };

    if (task.kind === 'wait') {
      const until = recorded?.until ?? waitEnd(input, enteredAt);
      if (!recorded) await this.journal.enterTask(executionArn, { ...entry, until });
      await new Promise<void>((resolve) => at(until, running.timers, resolve));
      if (running.suspended) return new Promise(() => {});
      await this.journal.settleTask(executionArn, key, { status: 'SUCCEEDED', output: input.input });
      return input.input;
    }

    const { [TIMEOUT_FIELD]: _timeout, ...effectiveInput } = input;
    if (tooLarge(JSON.stringify(effectiveInput))) {
      await this.failOversized(executionArn, running, task.stateName);
      return new Promise(() => {});
    }
    const handler = machine.handlers.get(task.placeholder)!;
    type Outcome = { status: 'SUCCEEDED'; output: unknown } | { status: 'FAILED'; error: string; cause: string };
    // When the handler itself ran, apart from the engine's journal writes around it (the bench reads both).
    const ran = { handlerStartedAt: 0, handlerReturnedAt: 0 };
    const invoke = async (payload: unknown, settle: (outcome: Outcome) => Promise<unknown>) => {
      ran.handlerStartedAt = Date.now();
      try {
        return await handler(payload, lambdaContext(task.placeholder, requestIdOf(executionArn, key)));
      } catch (thrown) {
        ran.handlerReturnedAt = Date.now();
        const error = thrown as Error;
        const cause = JSON.stringify({ errorType: error.name, errorMessage: error.message });
        await settle({ status: 'FAILED', error: error.name, cause });
        throw taskError(error.name, cause);
      } finally {
        ran.handlerReturnedAt ||= Date.now();
      }
    };

    if (task.kind === 'invoke') {
      // Journaled once, when it settles: an invocation cut short is run again on replay.
      const settle = (outcome: Outcome) => this.journal.recordSettledTask(executionArn, { ...entry, ...ran, ...outcome });
      const output = { ExecutedVersion: '$LATEST', Payload: (await invoke(input.Payload, settle)) ?? null, StatusCode: 200 };
      if (tooLarge(JSON.stringify(output))) {
        await this.failOversized(executionArn, running, task.stateName);
        return new Promise(() => {});
      }
      await settle({ status: 'SUCCEEDED', output });
      return output;
    }

    const token = recorded?.token ?? randomBytes(48).toString('base64url');
    if (!recorded) await this.journal.enterTask(executionArn, { ...entry, token });
    const answer = new Promise<unknown>((resolve, reject) => this.waiters.set(token, { resolve, reject }));
    // A person can answer (a decline rejects) while the handler's return is still being journaled
    // and nothing awaits `answer` yet: mark it handled now, or Node ends the host for an unhandled
    // rejection. It is still returned, and so awaited, below.
    answer.catch(() => {});
    if (task.timeoutSeconds !== undefined) {
      // Past its deadline the token is dead, as on AWS: a late answer gets TaskTimedOut.
      at(enteredAt + task.timeoutSeconds * 1000, running.timers, () => {
        this.waiters.delete(token);
        // Failing to journal it leaves the task RUNNING there: a replay times it out again.
        this.journal.settleTask(executionArn, key, { status: 'FAILED', error: 'States.Timeout' }).catch(() => {});
      });
    }
    if (!recorded?.handlerReturned) {
      await invoke(withToken(input.Payload, token), (outcome) => this.journal.settleTask(executionArn, key, outcome));
      await this.journal.markHandlerReturned(executionArn, key, ran);
    }
    // An answer may have arrived between the journal's load and now.
    const latest = await this.journal.getTask(executionArn, key);
    if (latest && latest.status !== 'RUNNING') {
      this.waiters.delete(token);
      return latest.status === 'SUCCEEDED' ? latest.output : replayFailure(latest);
    }
    return answer;
  }

  private async openTask(taskToken: string): Promise<TaskRecord & { executionArn: string }> {
    const found = taskToken ? await this.journal.findToken(taskToken) : undefined;
    if (!found) throw new StepFunctionsApiError('InvalidToken', 'Invalid Token');
    const execution = await this.journal.getExecution(found.executionArn);
    const task = await this.journal.getTask(found.executionArn, found.key);
    if (!task || execution?.status !== 'RUNNING') throw taskTimedOut();
    return { ...task, executionArn: found.executionArn };
  }

  private async answer(
    taskToken: string,
    outcome: { status: 'SUCCEEDED'; output: unknown } | { status: 'FAILED'; error: string; cause?: string },
  ) {
    const task = await this.openTask(taskToken);
    if (!(await this.journal.settleTask(task.executionArn, task.key, outcome))) throw taskTimedOut();
    const waiter = this.waiters.get(taskToken);
    this.waiters.delete(taskToken);
    if (waiter && outcome.status === 'SUCCEEDED') waiter.resolve(outcome.output);
    if (waiter && outcome.status === 'FAILED') waiter.reject(taskError(outcome.error, outcome.cause ?? ''));
    return {};
  }
}

/**
 * Runs `action` at `when` (epoch ms). A plain setTimeout fires at once above 2^31 ms (about 24.8
 * days), so long waits are armed in steps; `timers` holds the pending one so a shutdown clears it.
 */
function at(when: number, timers: Set<NodeJS.Timeout>, action: () => void): void {
  const remaining = when - Date.now();
  const timer = setTimeout(
    () => {
      timers.delete(timer);
      if (remaining > LONGEST_TIMER_SECONDS * 1000) at(when, timers, action);
      else action();
    },
    Math.max(0, Math.min(remaining, LONGEST_TIMER_SECONDS * 1000)),
  );
  timers.add(timer);
}

/**
 * A retry repeats its input, so the occurrence of the same state and input is the attempt number.
 * The input is hashed in canonical form: outputs replayed from DynamoDB come back with their
 * keys in another order, and must still find their journal entries.
 */
function invocationKey(stateName: string, input: unknown, occurrences: Map<string, number>) {
  const base = `${stateName}#${createHash('sha256').update(canonicalJson(input)).digest('hex').slice(0, 24)}`;
  const occurrence = (occurrences.get(base) ?? 0) + 1;
  occurrences.set(base, occurrence);
  return { key: `${base}#${occurrence}`, occurrence };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).filter((key) => object[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function withMarker(payload: unknown, marker: string, value: number): unknown {
  return JSON.parse(JSON.stringify(payload).replaceAll(`"${marker}"`, String(value)));
}

/** The timeout handed to the library: what remains of the declared one, at least 1 s, at most what a timer holds. */
function timeoutFor(task: LocalTask, recorded: TaskRecord | undefined): number {
  if (recorded?.status === 'FAILED' && recorded.error === 'States.Timeout') return 1;
  if (task.kind === 'wait' || task.timeoutSeconds === undefined) return LONGEST_TIMER_SECONDS;
  const elapsed = recorded ? (Date.now() - recorded.enteredAt) / 1000 : 0;
  return Math.min(LONGEST_TIMER_SECONDS, Math.max(1, Math.ceil(task.timeoutSeconds - elapsed)));
}

/** A recorded failure happens again on replay; a recorded timeout is left to the library's own timer (1 s). */
function replayFailure(recorded: TaskRecord): Promise<never> {
  if (recorded.error === 'States.Timeout') return new Promise(() => {});
  return Promise.reject(taskError(recorded.error ?? 'States.TaskFailed', recorded.cause ?? ''));
}

function waitEnd(input: { seconds?: number; timestamp?: string }, enteredAt: number): number {
  if (input.seconds !== undefined) return enteredAt + input.seconds * 1000;
  return Date.parse(input.timestamp!);
}

function withToken(payload: unknown, token: string): unknown {
  return JSON.parse(JSON.stringify(payload ?? null).replaceAll(TASK_TOKEN_MARKER, token));
}

function taskError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

function tooLarge(json: string): boolean {
  return Buffer.byteLength(json, 'utf8') > PAYLOAD_LIMIT_BYTES;
}

/** What the Step Functions API answers when a request's input or output is over 256 KiB. */
function sizeConstraint(member: 'input' | 'output'): StepFunctionsApiError {
  return new StepFunctionsApiError(
    'ValidationException',
    `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have size less than or equal to ${PAYLOAD_LIMIT_BYTES} bytes in UTF-8 encoding`,
  );
}

function taskTimedOut(): StepFunctionsApiError {
  return new StepFunctionsApiError('TaskTimedOut', 'Task Timed Out: the task is closed or its execution has ended');
}

/**
 * One invocation's request id, the same when a replay runs it again (a handler that returned just
 * before the host died): as on Lambda, the same id means the same invocation delivered twice, and
 * handlers record its outcome once. A Retry is a new occurrence, so a new id.
 */
function requestIdOf(executionArn: string, key: string): string {
  const hex = createHash('sha256').update(`${executionArn}\n${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function lambdaContext(functionName: string, awsRequestId: string) {
  const deadline = Date.now() + 900_000;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

function toEpochSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

function describe(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: toEpochSeconds(record.startDate),
    stopDate: record.stopDate ? toEpochSeconds(record.stopDate) : undefined,
    input: record.input,
    output: record.output,
    error: record.error,
    cause: record.cause,
  };
}
