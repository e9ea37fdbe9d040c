// Triage of a labour tip on the ILO forced-labour indicators (docs/reference/labour-tip.md).
import type { Answers } from '../../forms/engine/types.ts';
import { iloIndicatorIds } from '../../forms/labour-tip/v1.ts';

export type Triage = 'urgent' | 'priority' | 'routine' | 'insufficient';

const alone = ['iloRestrictionOfMovement', 'iloRetentionOfDocuments', 'iloDebtBondage'];

export function triage(answers: Answers): { triage: Triage; indicators: string[] } {
  const indicators = iloIndicatorIds.filter((id) => answers[id] === 'yes');
  const urgent =
    answers.immediateDangerObserved === 'yes' ||
    answers.iloPhysicalSexualViolence === 'yes' ||
    (answers.minorsPresent === 'yes' && indicators.length >= 1);
  const level: Triage = urgent
    ? 'urgent'
    : indicators.length >= 3 || indicators.some((id) => alone.includes(id))
      ? 'priority'
      : indicators.length >= 1
        ? 'routine'
        : 'insufficient';
  return { triage: level, indicators };
}
