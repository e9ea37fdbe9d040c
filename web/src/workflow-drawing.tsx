// The state machine's graph, drawn from its ASL, with each state marked by what the case's
// recorded steps say: done, waiting (an open human task), failed, or not reached.
import type { Language } from '../../forms/engine/types.ts';
import { t, term } from './i18n.ts';

type Status = 'done' | 'waiting' | 'failed' | 'running' | 'passed' | 'not-reached';
interface Machine {
  StartAt: string;
  States: Record<string, any>;
}

/** Each state's status from the steps (entered/succeeded/failed, task-opened) and the open tasks. */
export function statesStatus(steps: any[], tasks: any[]): Map<string, Status> {
  const status = new Map<string, Status>();
  for (const step of steps) {
    if (!step.state) continue;
    if (step.event === 'succeeded') status.set(step.state, 'done');
    else if (step.event === 'failed' && status.get(step.state) !== 'done') status.set(step.state, 'failed');
    else if (step.event === 'entered' && !status.has(step.state)) status.set(step.state, 'running');
  }
  // A human step is done when its task is decided; waiting while it is open.
  for (const step of steps.filter((candidate) => candidate.event === 'task-opened')) {
    const task = tasks.find((candidate) => candidate.taskId === step.summary?.taskId);
    if (task) status.set(step.state, task.status === 'open' ? 'waiting' : task.status === 'overdue' ? 'failed' : 'done');
  }
  return status;
}

/** The states of a machine in the order a reader follows them: from StartAt along Next, Choices, Default, Catch. */
function ordered(machine: Machine): string[] {
  const seen: string[] = [];
  const visit = (name: string | undefined) => {
    if (!name || seen.includes(name) || !machine.States[name]) return;
    seen.push(name);
    const state = machine.States[name];
    for (const choice of state.Choices ?? []) visit(choice.Next);
    visit(state.Default);
    visit(state.Next);
    for (const catcher of state.Catch ?? []) visit(catcher.Next);
  };
  visit(machine.StartAt);
  return [...seen, ...Object.keys(machine.States).filter((name) => !seen.includes(name))];
}

/** A Choice rule's branch where it reads the assessment (`$.assess.result.…`); undefined where this page cannot tell. */
function chosen(state: any, assessment: Record<string, unknown> | undefined): string | undefined {
  if (!assessment) return undefined;
  for (const rule of state.Choices ?? []) {
    const path = /^\$\.assess\.result\.(.+)$/.exec(rule.Variable ?? '')?.[1];
    if (!path) return undefined;
    const value = path.split('.').reduce<any>((inner, key) => inner?.[key], assessment);
    if (('BooleanEquals' in rule && value === rule.BooleanEquals) || ('StringEquals' in rule && value === rule.StringEquals)) return rule.Next;
  }
  return state.Default;
}

/**
 * Every state's status. Task states have steps; routing states (Choice, Pass, Wait, Parallel) leave
 * none, so they are followed from the start: reached and left, they were passed; a Wait reached
 * whose next state has not begun is waiting (a reflection period running).
 */
export function routedStatus(machine: Machine, steps: Map<string, Status>, assessment?: Record<string, unknown>): Map<string, Status> {
  const status = new Map(steps);
  const began = (candidate: Machine, name: string | undefined): boolean =>
    Boolean(name && (steps.has(name) || (candidate.States[name]?.Branches ?? []).some((branch: Machine) => Object.keys(branch.States).some((inner) => steps.has(inner)))));
  const visit = (within: Machine, name: string | undefined) => {
    const state = name && within.States[name];
    if (!state || (status.has(name) && !steps.has(name))) return;
    if (state.Type === 'Task') {
      if (steps.get(name) === 'done') visit(within, state.Next);
      // Failed and caught: on along the catcher that ran (a declined placement tries the next shelter).
      if (steps.get(name) === 'failed') for (const catcher of state.Catch ?? []) if (began(within, catcher.Next) || within.States[catcher.Next]?.Type !== 'Task') visit(within, catcher.Next);
      return;
    }
    if (state.Type === 'Parallel') {
      if (!began(within, name)) return;
      status.set(name, 'passed');
      for (const branch of state.Branches) visit(branch, branch.StartAt);
      visit(within, state.Next);
    } else if (state.Type === 'Choice') {
      status.set(name, 'passed');
      const targets = [...(state.Choices ?? []).map((rule: any) => rule.Next), state.Default].filter(Boolean);
      const target = chosen(state, assessment) ?? targets.find((candidate: string) => began(within, candidate));
      visit(within, target);
    } else if (state.Type === 'Wait') {
      status.set(name, began(within, state.Next) ? 'passed' : 'waiting');
      if (began(within, state.Next)) visit(within, state.Next);
    } else if (state.Type === 'Pass') {
      status.set(name, 'passed');
      visit(within, state.Next);
    }
  };
  visit(machine, machine.StartAt);
  return status;
}

function Chain({ machine, status, language }: { machine: Machine; status: Map<string, Status>; language: Language }) {
  return (
    <ol className="chain">
      {ordered(machine).map((name) => {
        const state = machine.States[name];
        const own = status.get(name) ?? 'not-reached';
        if (state.Type === 'Parallel') {
          return (
            <li key={name} className={`state parallel ${own}`} data-state={name} data-status={own}>
              <span className="state-name">{term('state', name, language)}</span>
              <div className="branches">
                {state.Branches.map((branch: Machine, index: number) => (
                  <Chain key={index} machine={branch} status={status} language={language} />
                ))}
              </div>
            </li>
          );
        }
        return (
          <li key={name} className={`state ${own}`} data-state={name} data-status={own}>
            <span className="state-name">{term('state', name, language)}</span>
            <span className="state-kind">{term('stateType', state.Type, language)} · {term('stateStatus', own, language)}</span>
          </li>
        );
      })}
    </ol>
  );
}

export function WorkflowDrawing({ machine, steps, tasks, assessment, language }: { machine: Machine; steps: any[]; tasks: any[]; assessment?: Record<string, unknown>; language: Language }) {
  return (
    // Wider than a phone: it scrolls, so it takes focus, for the keyboard to scroll it too.
    <figure className="workflow" aria-label={t('workflow', language)} tabIndex={0}>
      <Chain machine={machine} status={routedStatus(machine, statesStatus(steps, tasks), assessment)} language={language} />
      <figcaption className="legend">
        {(['done', 'waiting', 'running', 'failed', 'passed', 'not-reached'] as const).map((status) => (
          <span key={status} className={`state ${status}`}>{term('stateStatus', status, language)}</span>
        ))}
      </figcaption>
    </figure>
  );
}
