import { intakeHandler } from './intake.ts';

export const handler = intakeHandler('tip', 'labour-tip', 'tip');
