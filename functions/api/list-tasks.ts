// GET /tasks: the caller's organisation's open tasks, soonest due first, a page at a time, each
// with its brief computed now from the record and the person's current consent. Reading a brief
// that shows a person's answers is a read of their case, and is audited as one.
import { forms } from '../../forms/registry.ts';
import { briefIsPersonal, inboxItem, inInbox, mayOpenPersonalData } from '../domain/access.ts';
import { taskQuery } from '../contracts/requests.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { loadBriefParts } from '../store/records.ts';
import { getTask, openTasksOf } from '../store/tasks.ts';
import { recordReads } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ caller, query }) => {
    const parsed = taskQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'The query is not valid; see fields', zodFields(parsed.error));
    const page = await openTasksOf(caller.organisationId, parsed.data.limit, parsed.data.cursor);
    // The inbox index does not copy a duplicate review's other case, nor a follow-up's reminder: read those tasks whole.
    const tasks = await Promise.all(page.items.filter((task) => inInbox(caller, task)).map(async (task) => (['duplicate-review', 'follow-up'].includes(task.kind) ? ((await getTask(task.taskId)) ?? task) : task)));
    // A duplicate review shows its other case beside its own.
    const refs = tasks.flatMap((task) => [{ kind: task.parentKind, id: task.parentId }, ...(task.relatedCaseId ? [{ kind: 'case' as const, id: task.relatedCaseId }] : [])]);
    const parts = await loadBriefParts(refs, (record) => mayOpenPersonalData(caller, record));
    const now = new Date().toISOString();
    const items = tasks.map((task) => {
      const record = parts.get(task.parentId);
      const related = task.relatedCaseId ? parts.get(task.relatedCaseId) : undefined;
      return { task, item: inboxItem(caller, task, record, now, forms.get(record?.record.formId ?? '', record?.record.formVersion), related) };
    });
    const reads = items.flatMap(({ task, item }) => [
      ...(briefIsPersonal(item.brief) || item.pair ? [{ kind: task.parentKind, id: task.parentId }] : []),
      ...(item.pair && task.relatedCaseId ? [{ kind: 'case' as const, id: task.relatedCaseId }] : []),
    ]);
    await recordReads(reads.map((read) => ({ ...read, reader: caller, view: 'inbox' })));
    return json(200, { items: items.map(({ item }) => item), cursor: page.cursor });
  },
});
