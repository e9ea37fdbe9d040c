// The demo coalition of the local host: one user per role, each in the organisation that role
// works for. Pilots and training sign in as these; tests do too.
import type { Role } from '../system-description.ts';

export interface DemoUser {
  username: string;
  role: Role;
  organisationId: string;
}

export const demoUsers: DemoUser[] = [
  { username: 'screener', role: 'screener', organisationId: 'org-coalition-screening' },
  { username: 'inspector', role: 'inspector', organisationId: 'org-labour-inspectorate' },
  { username: 'shelter1', role: 'shelter', organisationId: 'org-shelter-women-children' },
  { username: 'shelter2', role: 'shelter', organisationId: 'org-shelter-men' },
  { username: 'shelter3', role: 'shelter', organisationId: 'org-shelter-unaccompanied-children' },
  { username: 'asylum', role: 'asylum', organisationId: 'org-asylum-authority' },
  { username: 'childprotection', role: 'child-protection', organisationId: 'org-child-protection-office' },
  { username: 'liaison', role: 'liaison', organisationId: 'org-liaison-unit' },
  { username: 'coordinator', role: 'coordinator', organisationId: 'org-coordination' },
  { username: 'admin', role: 'admin', organisationId: 'org-coordination' },
];
