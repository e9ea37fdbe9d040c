import { intakeHandler } from './intake.ts';

export const handler = intakeHandler('case', 'screening-interview', 'case');
