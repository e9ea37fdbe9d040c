// GET /tasks: the caller's organisation's open tasks, soonest due first, a page at a time, each
// with its brief computed now from the record and the person's current consent. Reading a brief
// that shows a person's answers is a read of their case, and is audited as one.
import { forms } from '../../forms/registry.ts';
import { briefIsPersonal, inboxItem, inInbox, mayOpenPersonalData } from '../domain/access.ts';
import { taskQuery } from '../contracts/requests.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { loadBriefParts } from '../store/records.ts';
import { openTasksOf } from '../store/tasks.ts';
import { recordReads } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ caller, query }) => {
    const parsed = taskQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'The query is not valid; see fields', zodFields(parsed.error));
    const page = await openTasksOf(caller.organisationId, parsed.data.limit, parsed.data.cursor);
    const tasks = page.items.filter((task) => inInbox(caller, task));
    const parts = await loadBriefParts(tasks.map((task) => ({ kind: task.parentKind, id: task.parentId })), (record) => mayOpenPersonalData(caller, record));
    const now = new Date().toISOString();
    const items = tasks.map((task) => {
      const record = parts.get(task.parentId);
      return { task, item: inboxItem(caller, task, record, now, forms.get(record?.record.formId ?? '', record?.record.formVersion)) };
    });
    const reads = items.filter(({ item }) => briefIsPersonal(item.brief));
    await recordReads(reads.map(({ task }) => ({ kind: task.parentKind, id: task.parentId, reader: caller, view: 'inbox' })));
    return json(200, { items: items.map(({ item }) => item), cursor: page.cursor });
  },
});
