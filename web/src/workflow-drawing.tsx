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

function Chain({ machine, status, language }: { machine: Machine; status: Map<string, Status>; language: Language }) {
  const names = ordered(machine);
  // Routing states (Choice, Pass, Wait) leave no steps: they were passed if anything after them ran.
  const reached = (name: string): boolean => {
    const index = names.indexOf(name);
    return names.slice(index + 1).some((later) => status.has(later) || (machine.States[later].Branches ?? []).length > 0 && reachedBranches(machine.States[later]));
  };
  const reachedBranches = (state: any): boolean => state.Branches.some((branch: Machine) => Object.keys(branch.States).some((name) => status.has(name)));
  return (
    <ol className="chain">
      {names.map((name) => {
        const state = machine.States[name];
        if (state.Type === 'Parallel') {
          const any = reachedBranches(state);
          return (
            <li key={name} className={`state parallel ${any ? 'passed' : 'not-reached'}`} data-state={name} data-status={any ? 'passed' : 'not-reached'}>
              <span className="state-name">{term('state', name, language)}</span>
              <div className="branches">
                {state.Branches.map((branch: Machine, index: number) => (
                  <Chain key={index} machine={branch} status={status} language={language} />
                ))}
              </div>
            </li>
          );
        }
        const own = status.get(name) ?? (['Choice', 'Pass', 'Wait'].includes(state.Type) && reached(name) ? 'passed' : 'not-reached');
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

export function WorkflowDrawing({ machine, steps, tasks, language }: { machine: Machine; steps: any[]; tasks: any[]; language: Language }) {
  return (
    // Wider than a phone: it scrolls, so it takes focus, for the keyboard to scroll it too.
    <figure className="workflow" aria-label={t('workflow', language)} tabIndex={0}>
      <Chain machine={machine} status={statesStatus(steps, tasks)} language={language} />
      <figcaption className="legend">
        {(['done', 'waiting', 'running', 'failed', 'passed', 'not-reached'] as const).map((status) => (
          <span key={status} className={`state ${status}`}>{term('stateStatus', status, language)}</span>
        ))}
      </figcaption>
    </figure>
  );
}
