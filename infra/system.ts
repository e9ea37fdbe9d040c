// Puente, described once. Both hosts read this: `infra/aws` (CDK) and `infra/local` (npm start).
// A new route, index or workflow task is one edit here.
import type { SystemDescription, TableDescription } from './system-description.ts';

export const table: TableDescription = {
  nameEnv: 'TABLE_NAME',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'board', partitionKey: 'boardPk', sortKey: 'boardSk', purpose: "the coordinator's status board: cases and tips by stage, newest first" },
    { name: 'inbox', partitionKey: 'inboxPk', sortKey: 'inboxSk', purpose: "an organisation's open tasks, by due time" },
    { name: 'due', partitionKey: 'duePk', sortKey: 'dueSk', purpose: 'every open task by due time, for the overdue sweep' },
  ],
};

export const system: SystemDescription = {
  table,
  routes: [],
  workflows: [],
  schedules: [],
};
