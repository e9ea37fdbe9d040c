// GET /tasks: the caller's organisation's open tasks, soonest due first, each with its brief.
import { api, json } from '../middleware/http.ts';
import { openTasksOf } from '../store/tasks.ts';

export const handler = api({
  handle: async ({ caller }) => {
    const tasks = await openTasksOf(caller.organisationId);
    const now = new Date().toISOString();
    return json(200, {
      items: tasks
        .filter((task) => task.assigneeRole === caller.role || caller.role === 'coordinator')
        .map((task) => ({
          taskId: task.taskId,
          kind: task.kind,
          status: task.status,
          dueAt: task.dueAt,
          overdue: task.dueAt < now,
          createdAt: task.createdAt,
          [`${task.parentKind}Id`]: task.parentId,
          brief: task.brief,
        })),
    });
  },
});
