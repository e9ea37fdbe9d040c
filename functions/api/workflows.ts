// GET /workflows/{name}: a workflow's ASL, for drawing it beside the steps a case went through.
import caseWorkflow from '../../workflows/case.asl.json' with { type: 'json' };
import liaisonWorkflow from '../../workflows/liaison.asl.json' with { type: 'json' };
import tipWorkflow from '../../workflows/tip.asl.json' with { type: 'json' };
import { api, HttpError, json } from '../middleware/http.ts';

// A Map: a name from the request must never reach Object.prototype (`constructor`, `__proto__`).
const definitions = new Map<string, unknown>([
  ['case', caseWorkflow],
  ['liaison', liaisonWorkflow],
  ['tip', tipWorkflow],
]);

export const handler = api({
  handle: async ({ path }) => {
    const definition = definitions.get(path.name);
    if (!definition) throw new HttpError(404, 'NOT_FOUND', `No workflow ${path.name}; try one of ${[...definitions.keys()].join(', ')}`);
    return json(200, definition);
  },
});
