// Triage of a labour tip on the ILO forced-labour indicators (docs/reference/labour-tip.md).
import type { Answers } from '../../forms/engine/types.ts';
import { iloIndicatorIds } from '../../forms/labour-tip/v1.ts';
import { tipTriage, type WorkflowPolicy } from './policy.ts';

export type Triage = 'urgent' | 'priority' | 'routine' | 'insufficient';

export function triage(answers: Answers): { triage: Triage; indicators: string[] } {
  const indicators = iloIndicatorIds.filter((id) => answers[id] === 'yes');
  const urgent =
    answers.immediateDangerObserved === 'yes' ||
    answers.iloPhysicalSexualViolence === 'yes' ||
    (answers.minorsPresent === 'yes' && indicators.length >= tipTriage.urgentWithMinorsIndicators);
  const level: Triage = urgent
    ? 'urgent'
    : indicators.length >= tipTriage.priorityIndicators || indicators.some((id) => (tipTriage.priorityAlone as readonly string[]).includes(id))
      ? 'priority'
      : indicators.length >= 1
        ? 'routine'
        : 'insufficient';
  return { triage: level, indicators };
}

/** Children seen working at the workplace: the child-protection office is told at once, whatever the triage. */
export const childrenSeen = (answers: Answers) => answers.minorsPresent === 'yes';

/** How long the inspection a triage asks for may take, under the workflow's policy. */
export const inspectionDueSeconds = (level: Triage, policy: WorkflowPolicy) => policy.taskDeadlineSeconds[tipTriage.inspectionDeadline[level]];
