// Turns an ASL file into what aws-local-stepfunctions runs so that it behaves as AWS does.
// The file itself is never changed: the same JSON goes to AWS with definitionSubstitutions.
//
// Where the library differs from AWS, and what is done here:
// - A Task without TimeoutSeconds times out after 60 s locally (never on AWS), and the timer is a
//   plain setTimeout (a value above 2^31 ms fires at once). Every Task gets a TimeoutSecondsPath
//   that the engine fills per invocation: the declared timeout less what already elapsed before a
//   restart, or the largest the timer can hold when none is declared.
// - Wait states sleep in memory, so a restart would forget them. They become journaled tasks that
//   wait only the remainder after a restart.
// - States.DataLimitExceeded (a payload over 256 KiB) is not the library's: the engine enforces it
//   and ends the execution, which no Catch or Retry can change; so a definition naming it is refused.
// - The context object has no Task.Token, no State.Name or RetryCount, and StartTime is the time of the
//   (sub-)run. The token comes through a marker the engine replaces; State.Name is written in as
//   a literal; RetryCount through a marker the engine fills; StartTime is read from the recorded start.

export const TASK_TOKEN_MARKER = '__puente_task_token__';
export const RETRY_COUNT_MARKER = '__puente_retry_count__';
export const TIMEOUT_FIELD = '__puenteTimeoutSeconds';
/** The longest timeout the library's setTimeout can arm (2^31 - 1 ms, about 24.8 days). */
export const LONGEST_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

export type LocalTask =
  | { kind: 'invoke' | 'callback'; stateName: string; placeholder: string; timeoutSeconds?: number }
  | { kind: 'wait'; stateName: string };

export interface PreparedDefinition {
  definition: AslDefinition;
  tasks: Map<string, LocalTask>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type AslState = { [key: string]: any };
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  [key: string]: any;
}

export class DefinitionNotSupported extends Error {
  override name = 'DefinitionNotSupported';
}

export function prepareDefinition(source: AslDefinition, placeholders: ReadonlySet<string>): PreparedDefinition {
  if (source.QueryLanguage && source.QueryLanguage !== 'JSONPath') {
    throw new DefinitionNotSupported('only the JSONPath query language runs locally (no JSONata)');
  }
  if (source.TimeoutSeconds !== undefined) {
    // The library arms it anew on every run, so a resumed execution would get its whole time again.
    throw new DefinitionNotSupported('a machine-level TimeoutSeconds does not run locally as on AWS (it would restart on every resume)');
  }
  const tasks = new Map<string, LocalTask>();
  const definition = structuredClone(source);
  prepareStates(definition, tasks, placeholders);
  return { definition, tasks };
}

function prepareStates(machine: AslDefinition, tasks: Map<string, LocalTask>, placeholders: ReadonlySet<string>): void {
  for (const [stateName, state] of Object.entries(machine.States)) {
    if (tasks.has(stateName)) {
      throw new DefinitionNotSupported(`state name ${stateName} is used twice; names must be unique across the machine`);
    }
    for (const field of ['HeartbeatSeconds', 'HeartbeatSecondsPath', 'TimeoutSecondsPath', 'ItemReader']) {
      if (field in state) throw new DefinitionNotSupported(`${stateName}: ${field} is not supported by the local host`);
    }
    for (const handling of [...(state.Retry ?? []), ...(state.Catch ?? [])]) {
      // The engine ends the execution on it (as States.ALL cannot match it on AWS); naming it would
      // catch it on AWS alone.
      if (handling.ErrorEquals?.includes('States.DataLimitExceeded')) {
        throw new DefinitionNotSupported(`${stateName}: a Retry or Catch naming States.DataLimitExceeded does not run locally`);
      }
    }
    for (const field of ['Parameters', 'ResultSelector']) {
      if (state[field] !== undefined) state[field] = rewriteContextPaths(state[field], stateName);
    }
    if (state.Type === 'Task') {
      tasks.set(stateName, prepareTask(stateName, state, placeholders));
    } else if (state.Type === 'Wait') {
      machine.States[stateName] = waitAsTask(state);
      tasks.set(stateName, { kind: 'wait', stateName });
    } else if (state.Type === 'Parallel') {
      for (const branch of state.Branches) prepareStates(branch, tasks, placeholders);
    } else if (state.Type === 'Map') {
      if (state.ProcessorConfig?.Mode === 'DISTRIBUTED') {
        throw new DefinitionNotSupported(`${stateName}: a Distributed Map does not run locally`);
      }
      prepareStates(state.ItemProcessor ?? state.Iterator, tasks, placeholders);
    }
  }
}

function prepareTask(stateName: string, state: AslState, placeholders: ReadonlySet<string>): LocalTask {
  const kind = state.Resource === LAMBDA_INVOKE ? 'invoke' : state.Resource === LAMBDA_CALLBACK ? 'callback' : undefined;
  if (!kind) {
    throw new DefinitionNotSupported(`${stateName}: only ${LAMBDA_INVOKE} and ${LAMBDA_CALLBACK} tasks run locally`);
  }
  const functionName = state.Parameters?.FunctionName;
  const placeholder = typeof functionName === 'string' ? /^\$\{(\w+)\}$/.exec(functionName)?.[1] : undefined;
  if (!placeholder || !placeholders.has(placeholder)) {
    throw new DefinitionNotSupported(`${stateName}: FunctionName must be a bound \${Placeholder}, found ${JSON.stringify(functionName)}`);
  }
  state.Parameters.FunctionName = `arn:aws:lambda:local:000000000000:function:${placeholder}`;
  const timeoutSeconds: number | undefined = state.TimeoutSeconds;
  delete state.TimeoutSeconds;
  state.TimeoutSecondsPath = `$.${TIMEOUT_FIELD}`;
  return { kind, stateName, placeholder, timeoutSeconds };
}

/** A Wait becomes a Task whose handler sleeps durably; its output is its input, as a Wait's is. */
function waitAsTask(wait: AslState): AslState {
  const until: Record<string, Json> = { 'input.$': '$' };
  if (wait.Seconds !== undefined) until.seconds = wait.Seconds;
  if (wait.SecondsPath !== undefined) until['seconds.$'] = wait.SecondsPath;
  if (wait.Timestamp !== undefined) until.timestamp = wait.Timestamp;
  if (wait.TimestampPath !== undefined) until['timestamp.$'] = wait.TimestampPath;
  const task: AslState = {
    Type: 'Task',
    Resource: LAMBDA_INVOKE,
    Parameters: until,
    TimeoutSecondsPath: `$.${TIMEOUT_FIELD}`,
  };
  for (const field of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) {
    if (wait[field] !== undefined) task[field] = wait[field];
  }
  return task;
}

function rewriteContextPaths(template: Json, stateName: string): Json {
  if (Array.isArray(template)) return template.map((item) => rewriteContextPaths(item, stateName));
  if (template === null || typeof template !== 'object') return template;
  const rewritten: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && value === '$$.State.Name') {
      rewritten[key.slice(0, -2)] = stateName;
    } else if (key.endsWith('.$') && value === '$$.State.RetryCount') {
      rewritten[key.slice(0, -2)] = RETRY_COUNT_MARKER;
    } else if (key.endsWith('.$') && typeof value === 'string') {
      rewritten[key] = value.split('$$.Execution.StartTime').join('$$.Execution.RecordedStartTime');
    } else {
      rewritten[key] = rewriteContextPaths(value, stateName);
    }
  }
  return rewritten;
}
