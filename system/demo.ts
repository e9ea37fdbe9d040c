// The demo coalition of the local host: one user per role, each in the organisation that role
// works for. Pilots and training sign in as these; tests do too.
import type { Role } from './description.ts';
import type { Organisation } from '../functions/domain/organisations.ts';

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
  { username: 'shelter4', role: 'shelter', organisationId: 'org-shelter-mixed-adults' },
  { username: 'asylum', role: 'asylum', organisationId: 'org-asylum-authority' },
  { username: 'childprotection', role: 'child-protection', organisationId: 'org-child-protection-office' },
  { username: 'liaison', role: 'liaison', organisationId: 'org-liaison-unit' },
  { username: 'coordinator', role: 'coordinator', organisationId: 'org-coordination' },
  { username: 'admin', role: 'admin', organisationId: 'org-coordination' },
  // The case lifecycle (issue 16): partners a case is referred to, and a second screening team a case is transferred to.
  { username: 'legalaid', role: 'legal-aid', organisationId: 'org-legal-aid' },
  { username: 'health', role: 'health', organisationId: 'org-health' },
  { username: 'psychosocial', role: 'psychosocial', organisationId: 'org-psychosocial' },
  { username: 'familytracing', role: 'family-tracing', organisationId: 'org-family-tracing' },
  { username: 'screener2', role: 'screener', organisationId: 'org-screening-north' },
];

const seededAt = '2026-11-28T00:00:00.000Z';
const adults = { ageMin: 18, ageMax: 120, acceptsChildren: false };

/** The demo coalition's organisations, seeded on a fresh data dir. */
export const demoOrganisations: Omit<Organisation, 'version'>[] = [
  { id: 'org-coalition-screening', name: 'Coalición Puente – equipo de identificación', type: 'screening', country: 'GT', distanceRank: 0, updatedAt: seededAt },
  { id: 'org-labour-inspectorate', name: 'Inspección General de Trabajo', type: 'labour-inspectorate', country: 'GT', distanceRank: 0, updatedAt: seededAt },
  {
    id: 'org-shelter-women-children',
    name: 'Casa Esperanza (women and their children)',
    type: 'shelter',
    country: 'GT',
    distanceRank: 10,
    shelter: { capacity: 12, bedsFree: 4, sexes: ['woman', 'transgender_nonconforming', 'undisclosed'], ageMin: 0, ageMax: 120, acceptsChildren: true, languages: ['es', 'en', 'ht'] },
    updatedAt: seededAt,
  },
  {
    id: 'org-shelter-men',
    name: 'Albergue San José (men)',
    type: 'shelter',
    country: 'GT',
    distanceRank: 20,
    shelter: { capacity: 20, bedsFree: 6, sexes: ['man', 'transgender_nonconforming', 'undisclosed'], ...adults, languages: ['es', 'pt', 'fr'] },
    updatedAt: seededAt,
  },
  {
    id: 'org-shelter-unaccompanied-children',
    name: 'Hogar Niñez Segura (unaccompanied and separated children)',
    type: 'shelter',
    country: 'GT',
    distanceRank: 15,
    shelter: { capacity: 10, bedsFree: 3, sexes: ['woman', 'man', 'transgender_nonconforming', 'undisclosed'], ageMin: 0, ageMax: 17, acceptsChildren: true, languages: ['es', 'en'] },
    updatedAt: seededAt,
  },
  {
    id: 'org-shelter-mixed-adults',
    name: 'Refugio La Frontera (adults of any sex)',
    type: 'shelter',
    country: 'GT',
    distanceRank: 40,
    shelter: { capacity: 8, bedsFree: 2, sexes: ['woman', 'man', 'transgender_nonconforming', 'undisclosed'], ...adults, languages: ['es', 'en', 'fr', 'ht', 'pt'] },
    updatedAt: seededAt,
  },
  { id: 'org-asylum-authority', name: 'Comisión Nacional para Refugiados', type: 'asylum', country: 'GT', distanceRank: 0, updatedAt: seededAt },
  { id: 'org-child-protection-office', name: 'Procuraduría de la Niñez y la Adolescencia', type: 'child-protection', country: 'GT', distanceRank: 0, updatedAt: seededAt },
  { id: 'org-liaison-unit', name: 'Unidad de enlace contra la trata (fiscalía)', type: 'liaison', country: 'GT', distanceRank: 0, updatedAt: seededAt },
  { id: 'org-coordination', name: 'Secretaría de coordinación de la coalición', type: 'coordination', country: 'GT', distanceRank: 0, updatedAt: seededAt },
  { id: 'org-legal-aid', name: 'Clínica jurídica para personas migrantes', type: 'legal-aid', country: 'GT', distanceRank: 0, updatedAt: seededAt },
  { id: 'org-health', name: 'Centro de salud de la frontera', type: 'health', country: 'GT', distanceRank: 0, updatedAt: seededAt },
  { id: 'org-psychosocial', name: 'Acompañamiento psicosocial Caminos', type: 'psychosocial', country: 'GT', distanceRank: 0, updatedAt: seededAt },
  { id: 'org-family-tracing', name: 'Restablecimiento del contacto entre familiares', type: 'family-tracing', country: 'GT', distanceRank: 0, updatedAt: seededAt },
  { id: 'org-screening-north', name: 'Coalición Puente – equipo del norte', type: 'screening', country: 'GT', distanceRank: 0, updatedAt: seededAt },
];
