// GET /exports/log: every export of the deployment's data, newest first — who, which export, how
// many rows, how many suppressed — and whether the chain of these entries still verifies.
import { accessLog } from '../domain/history.ts';
import { api, json } from '../middleware/http.ts';
import { loadExportHistory } from '../store/exports.ts';

export const handler = api({
  handle: async () => json(200, accessLog(await loadExportHistory())),
});
