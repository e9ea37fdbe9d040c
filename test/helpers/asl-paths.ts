// Walks every path of an ASL state machine — every Choice rule and Default, every Parallel branch and
// Map iterator, every Catch — and finds each way a protected step can be entered without a check's
// "clear" outcome immediately before it: the check's Task, then a Choice rule on its result that
// says clear, then the step, nothing in between. Loops are walked until no new (state, what the path
// just proved) pair appears, so every path is covered though there are infinitely many.
type State = Record<string, any>;
interface Machine {
  StartAt: string;
  States: Record<string, State>;
}

export interface GuardRules {
  /** The check: its result (ResultSelector `{"result.$": "$.Payload"}`) lands at its ResultPath. */
  isCheck: (state: State) => boolean;
  /** The field of the check's result that says the way is clear (`true`). */
  clearField: string;
  /** The step that must never run without the check's clear outcome just before. */
  isProtected: (state: State) => boolean;
}

/** What the path has just proved: nothing, that a check ran (its result at `path`), or that it said clear. */
type Proof = { kind: 'none' } | { kind: 'checked'; variable: string } | { kind: 'cleared' };

interface Node {
  scope: string;
  machine: Machine;
  name: string;
  proof: Proof;
  from?: Node;
  via?: string;
}

export interface WalkResult {
  /** Each way into a protected step without the clear outcome just before: the path's states, with how each was left. */
  unguarded: string[][];
  /** Protected steps met, and (state, proof) pairs walked: to show the walk saw something. */
  protectedSteps: string[];
  nodesWalked: number;
}

const keyOf = (node: Pick<Node, 'scope' | 'name' | 'proof'>) => `${node.scope}/${node.name}/${node.proof.kind === 'checked' ? `checked:${node.proof.variable}` : node.proof.kind}`;

function pathOf(node: Node): string[] {
  const path: string[] = [];
  // Each state with the way it was entered by (a rule of the Choice before it, a Catch, a branch).
  for (let at: Node | undefined = node; at; at = at.from) path.unshift(at.via ? `${at.name} (via ${at.via})` : at.name);
  return path;
}

/** A Choice rule that says clear: exactly `{Variable: <the check's result>.clear, BooleanEquals: true}`, nothing composed. */
const saysClear = (rule: State, proof: Proof, clearField: string) => proof.kind === 'checked' && rule.Variable === `${proof.variable}.${clearField}` && rule.BooleanEquals === true && Object.keys(rule).length === 3;

export function walkPaths(definition: Machine, rules: GuardRules): WalkResult {
  const seen = new Set<string>();
  const unguarded: string[][] = [];
  const protectedSteps = new Set<string>();
  const queue: Node[] = [{ scope: 'root', machine: definition, name: definition.StartAt, proof: { kind: 'none' } }];
  const none: Proof = { kind: 'none' };

  while (queue.length) {
    const node = queue.shift()!;
    const key = keyOf(node);
    if (seen.has(key)) continue;
    seen.add(key);
    const state = node.machine.States[node.name];
    if (!state) throw new Error(`${node.scope}: no state ${node.name} (reached from ${node.from?.name})`);
    if (rules.isProtected(state)) {
      protectedSteps.add(`${node.scope}/${node.name}`);
      if (node.proof.kind !== 'cleared') unguarded.push(pathOf(node));
    }
    const go = (name: string | undefined, via: string, proof: Proof = none, machine = node.machine, scope = node.scope) => {
      if (name !== undefined) queue.push({ scope, machine, name, proof, from: node, via });
    };
    const catches = () => (state.Catch ?? []).forEach((c: State) => go(c.Next, `Catch ${c.ErrorEquals.join('|')}`));
    switch (state.Type) {
      case 'Task': {
        const check = rules.isCheck(state) && state.ResultSelector?.['result.$'] === '$.Payload' && typeof state.ResultPath === 'string';
        go(state.Next, 'Next', check ? { kind: 'checked', variable: `${state.ResultPath}.result` } : none);
        catches();
        break;
      }
      case 'Choice':
        (state.Choices ?? []).forEach((rule: State, index: number) => go(rule.Next, `rule ${index}`, saysClear(rule, node.proof, rules.clearField) ? { kind: 'cleared' } : none));
        go(state.Default, 'Default');
        break;
      case 'Parallel':
      case 'Map': {
        const inner: Machine[] = state.Type === 'Parallel' ? state.Branches : [state.ItemProcessor ?? state.Iterator];
        inner.forEach((machine, index) => go(machine.StartAt, `${state.Type === 'Parallel' ? 'branch' : 'item'} ${index}`, none, machine, `${node.scope}/${node.name}[${index}]`));
        go(state.Next, 'Next (all done)');
        catches();
        break;
      }
      case 'Pass':
      case 'Wait':
        go(state.Next, 'Next');
        break;
      case 'Succeed':
      case 'Fail':
        break;
      default:
        throw new Error(`${node.name}: a ${state.Type} state is not walked`);
    }
  }
  return { unguarded, protectedSteps: [...protectedSteps], nodesWalked: seen.size };
}
