// The coalition's members and what each kind of organisation does: its type says which role its
// people have, and a shelter says whom it can take in.
import type { Role } from '../../system/description.ts';
import { Refusal } from './refusal.ts';

export const organisationTypes = ['shelter', 'asylum', 'child-protection', 'liaison', 'labour-inspectorate', 'screening', 'coordination', 'legal-aid', 'health', 'psychosocial', 'family-tracing'] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export interface Organisation {
  id: string;
  name: string;
  type: OrganisationType;
  country: string;
  /** Distance rank used for "nearest first" (lower is nearer to the coalition's intake points). */
  distanceRank: number;
  shelter?: {
    capacity: number;
    bedsFree: number;
    sexes: ('woman' | 'man' | 'transgender_nonconforming' | 'undisclosed')[];
    ageMin: number;
    ageMax: number;
    acceptsChildren: boolean;
    languages: string[];
  };
  updatedAt: string;
  /** Goes up with every change, a bed taken included: what a PUT's If-Match is compared with. */
  version: number;
}

/** The role of the people who work for an organisation of each type. */
export const roleOfType: Record<OrganisationType, Role> = {
  shelter: 'shelter',
  asylum: 'asylum',
  'child-protection': 'child-protection',
  liaison: 'liaison',
  'labour-inspectorate': 'inspector',
  screening: 'screener',
  coordination: 'coordinator',
  'legal-aid': 'legal-aid',
  health: 'health',
  psychosocial: 'psychosocial',
  'family-tracing': 'family-tracing',
};

/** Asked by a shelter's people about another organisation's beds (or one with none). */
export class NotYourShelter extends Refusal {
  constructor(id: string) {
    // 404 as for a case an organisation does not work on: 403 says the role may not use the route at all.
    super(404, 'NOT_YOUR_SHELTER', `You count the free beds of your own shelter only, not ${id}`);
  }
}
