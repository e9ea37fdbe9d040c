// The access policy as a table: each role × each field group × each consent state, for the case
// view, the inbox brief and the board row. The expectations are written out here, apart from the
// code, so a field that leaks to a role not meant to see it fails a row of this table.
import { describe, expect, test } from 'vitest';
import { roles, type Role } from '../../../system/description.ts';
import { labourTipV1 } from '../../../forms/labour-tip/v1.ts';
import { boardRow, caseView, decisionRefusal, inboxItem, mayOpenPersonalData, maySeeCase, maySeeTip, onBoard, taskBrief, tipView, type Viewer } from '../../../functions/domain/access.ts';
import type { RecordParts, Task } from '../../../functions/domain/records.ts';

/** One unique marker per field group, planted in the case. */
const groups = {
  names: 'MARKER-NAME',
  needs: 'MARKER-NEEDS',
  protection: 'MARKER-PROTECTION',
  child: 'MARKER-CHILD',
  exploitation: 'MARKER-EXPLOITATION',
  narrative: 'MARKER-NARRATIVE',
  determination: 'MARKER-DETERMINATION',
  consentHistory: 'MARKER-CONSENT-HISTORY',
  timeline: 'MARKER-TIMELINE',
  othersDecisions: 'MARKER-OTHERS-DECISION',
} as const;
type Group = keyof typeof groups;

type Rule = 'always' | 'sharing' | 'never';
/** Who sees what: 'sharing' means only while the person agrees to data sharing. */
const policy: Record<Role, Record<Group, Rule>> = {
  screener: { names: 'always', needs: 'always', protection: 'always', child: 'always', exploitation: 'always', narrative: 'always', determination: 'always', consentHistory: 'always', timeline: 'always', othersDecisions: 'always' },
  inspector: { names: 'always', needs: 'always', protection: 'always', child: 'always', exploitation: 'always', narrative: 'always', determination: 'always', consentHistory: 'always', timeline: 'always', othersDecisions: 'always' },
  coordinator: { names: 'always', needs: 'always', protection: 'always', child: 'always', exploitation: 'always', narrative: 'always', determination: 'always', consentHistory: 'always', timeline: 'always', othersDecisions: 'always' },
  shelter: { names: 'never', needs: 'sharing', protection: 'never', child: 'never', exploitation: 'never', narrative: 'never', determination: 'never', consentHistory: 'never', timeline: 'never', othersDecisions: 'never' },
  asylum: { names: 'sharing', needs: 'never', protection: 'sharing', child: 'never', exploitation: 'never', narrative: 'never', determination: 'never', consentHistory: 'never', timeline: 'never', othersDecisions: 'never' },
  'child-protection': { names: 'sharing', needs: 'sharing', protection: 'never', child: 'sharing', exploitation: 'never', narrative: 'never', determination: 'always', consentHistory: 'never', timeline: 'never', othersDecisions: 'never' },
  liaison: { names: 'never', needs: 'never', protection: 'never', child: 'never', exploitation: 'sharing', narrative: 'never', determination: 'always', consentHistory: 'never', timeline: 'never', othersDecisions: 'never' },
  admin: { names: 'never', needs: 'never', protection: 'never', child: 'never', exploitation: 'never', narrative: 'never', determination: 'never', consentHistory: 'never', timeline: 'never', othersDecisions: 'never' },
  // Partners a case is referred to (issue 16): legal aid what asylum sees; health the needs; family tracing names and the child's family.
  'legal-aid': { names: 'sharing', needs: 'never', protection: 'sharing', child: 'never', exploitation: 'never', narrative: 'never', determination: 'never', consentHistory: 'never', timeline: 'never', othersDecisions: 'never' },
  health: { names: 'never', needs: 'sharing', protection: 'never', child: 'never', exploitation: 'never', narrative: 'never', determination: 'never', consentHistory: 'never', timeline: 'never', othersDecisions: 'never' },
  psychosocial: { names: 'never', needs: 'never', protection: 'never', child: 'never', exploitation: 'never', narrative: 'never', determination: 'never', consentHistory: 'never', timeline: 'never', othersDecisions: 'never' },
  'family-tracing': { names: 'sharing', needs: 'never', protection: 'never', child: 'sharing', exploitation: 'never', narrative: 'never', determination: 'never', consentHistory: 'never', timeline: 'never', othersDecisions: 'never' },
};

const organisationOf: Record<Role, string> = {
  screener: 'org-screening',
  // The case's own team works for the organisation responsible for it (test/unit/domain/case-lifecycle.test.ts: another's sees no more than a partner).
  inspector: 'org-screening',
  coordinator: 'org-coordination',
  shelter: 'org-shelter',
  asylum: 'org-asylum',
  'child-protection': 'org-child',
  liaison: 'org-liaison',
  admin: 'org-coordination',
  'legal-aid': 'org-legal-aid',
  health: 'org-health',
  psychosocial: 'org-psychosocial',
  'family-tracing': 'org-family-tracing',
};

const consentStates = [
  { name: 'data sharing given, law enforcement yes', dataSharing: 'yes', lawEnforcement: 'yes' },
  { name: 'data sharing given, law enforcement later', dataSharing: 'yes', lawEnforcement: 'later' },
  { name: 'data sharing withdrawn, law enforcement yes', dataSharing: 'no', lawEnforcement: 'yes' },
  { name: 'data sharing withdrawn, law enforcement no', dataSharing: 'no', lawEnforcement: 'no' },
] as const;

const task = (overrides: Partial<Task>): Task => ({
  taskId: 'c-abc.000000000000',
  parentId: 'c-abc',
  parentKind: 'case',
  kind: 'placement',
  status: 'open',
  assigneeOrg: 'org-shelter',
  assigneeRole: 'shelter',
  createdAt: '2026-11-28T10:00:00.000Z',
  dueAt: '2026-11-28T14:00:00.000Z',
  ...overrides,
});

function caseParts(consent: { dataSharing: string; lawEnforcement: string }): RecordParts {
  return {
    record: {
      id: 'c-abc',
      kind: 'case',
      stage: 'referral',
      createdAt: '2026-11-28T09:00:00.000Z',
      updatedAt: '2026-11-28T09:00:00.000Z',
      createdByOrg: 'org-screening',
      consent: { ...consent, changes: [{ at: '2026-11-28T09:00:00.000Z', by: groups.consentHistory, role: 'screener', organisationId: 'org-screening' }] },
      assessment: { determination: 'likely', riskLevel: 'high', flags: ['possibleTraffickingVictim'], dimensions: { exploitativeConditions: { positive: true, indicators: [groups.determination] } } },
    },
    submission: {
      formId: 'screening-interview',
      formVersion: 1,
      language: 'es',
      submittedAt: '2026-11-28T09:00:00.000Z',
      answers: {
        givenName: groups.names,
        familyName: groups.names,
        medicalNeedUrgent: groups.needs,
        fearOfReturn: groups.protection,
        caregiverWhereabouts: groups.child,
        exploitationTypes: [groups.exploitation],
        interviewerNotes: groups.narrative,
      },
    },
    steps: [{ event: 'submitted', summary: { note: groups.timeline } }],
    tasks: Object.entries(organisationOf)
      .filter(([role]) => !['screener', 'inspector', 'coordinator', 'admin'].includes(role))
      .map(([role, organisationId]) => task({ taskId: `c-abc.${role.length.toString().padStart(12, '0')}`, assigneeOrg: organisationId, assigneeRole: role as Role, status: 'decided', decision: { notes: role === 'asylum' ? groups.othersDecisions : 'own' } })),
    linkedOrganisations: Object.values(organisationOf),
  };
}

const visible = (rule: Rule, sharing: boolean) => rule === 'always' || (rule === 'sharing' && sharing);

describe('the case view, role × field group × consent', () => {
  for (const consent of consentStates) {
    for (const role of roles) {
      test(`${role}, ${consent.name}`, () => {
        const viewer: Viewer = { role, organisationId: organisationOf[role] };
        const parts = caseParts(consent);
        const opens = maySeeCase(viewer, parts);
        // Law enforcement sees a case only with consent to law enforcement; an admin never.
        expect(opens).toBe(role === 'admin' ? false : role === 'liaison' ? consent.lawEnforcement === 'yes' : true);
        const shown = opens ? JSON.stringify(caseView(viewer, parts)) : '';
        for (const [group, marker] of Object.entries(groups) as [Group, string][]) {
          const expected = opens && visible(policy[role][group], consent.dataSharing === 'yes');
          // The asylum officer's own decision holds the "others" marker; it is theirs to see.
          const own = role === 'asylum' && group === 'othersDecisions';
          expect({ group, shown: shown.includes(marker) }).toEqual({ group, shown: expected || (opens && own) });
        }
      });
    }
  }
});

describe('the inbox brief is computed from current consent', () => {
  for (const consent of consentStates) {
    for (const role of ['shelter', 'asylum', 'child-protection', 'liaison', 'legal-aid', 'health', 'psychosocial', 'family-tracing'] as const) {
      test(`${role}, ${consent.name}`, () => {
        const viewer: Viewer = { role, organisationId: organisationOf[role] };
        const parts = caseParts(consent);
        const item = inboxItem(viewer, task({ assigneeOrg: viewer.organisationId, assigneeRole: role }), parts, '2026-11-28T12:00:00.000Z');
        const shown = JSON.stringify(item);
        for (const [group, marker] of Object.entries(groups) as [Group, string][]) {
          const timelineOrTasks = group === 'timeline' || group === 'othersDecisions' || group === 'consentHistory';
          const expected = !timelineOrTasks && visible(policy[role][group], consent.dataSharing === 'yes');
          expect({ group, shown: shown.includes(marker) }).toEqual({ group, shown: expected });
        }
      });
    }
  }

  test('a coordinator escalation brief shows the assessment, not the interview', () => {
    const brief = taskBrief({ role: 'coordinator', organisationId: 'org-coordination' }, caseParts(consentStates[0]));
    expect(brief.riskLevel).toBe('high');
    expect(JSON.stringify(brief)).not.toContain(groups.narrative);
  });
});

describe('board rows and list scope', () => {
  test('liaison lists only cases with consent to law enforcement; tips always', () => {
    const liaison: Viewer = { role: 'liaison', organisationId: 'org-liaison' };
    expect(onBoard(liaison, 'case', caseParts(consentStates[0]).record)).toBe(true);
    expect(onBoard(liaison, 'case', caseParts(consentStates[1]).record)).toBe(false);
    expect(onBoard(liaison, 'tip', caseParts(consentStates[1]).record)).toBe(true);
  });

  test('receiving organisations see the risk on the board, not the determination', () => {
    const record = caseParts(consentStates[0]).record;
    expect(boardRow({ role: 'shelter', organisationId: 'org-shelter' }, 'case', record)).not.toHaveProperty('determination');
    expect(boardRow({ role: 'coordinator', organisationId: 'org-coordination' }, 'case', record)).toHaveProperty('determination', 'likely');
  });

  test('an organisation that stepped back (no link) no longer opens the case', () => {
    const parts = caseParts(consentStates[0]);
    parts.linkedOrganisations = parts.linkedOrganisations.filter((id) => id !== 'org-shelter');
    expect(maySeeCase({ role: 'shelter', organisationId: 'org-shelter' }, parts)).toBe(false);
  });
});

describe('tips', () => {
  const tip: RecordParts = {
    record: { id: 't-abc', kind: 'tip', stage: 'triaged', createdAt: '', updatedAt: '', createdByOrg: 'org-screening', caseIds: ['c-secret'], triage: 'urgent' },
    submission: { formId: 'labour-tip', formVersion: 1, language: 'es', submittedAt: '', answers: { workplaceName: 'Finca', sourceContact: 'MARKER-SOURCE', description: 'MARKER-NARRATIVE' } },
    steps: [],
    tasks: [],
    linkedOrganisations: ['org-screening', 'org-liaison'],
  };

  test('law enforcement sees the workplace, not the source, the narrative or the cases it led to', () => {
    const view = JSON.stringify(tipView({ role: 'liaison', organisationId: 'org-liaison' }, tip, labourTipV1));
    expect(view).toContain('Finca');
    for (const hidden of ['MARKER-SOURCE', 'MARKER-NARRATIVE', 'c-secret']) expect(view).not.toContain(hidden);
  });

  test('the screener who filed a tip may read it; a shelter may not', () => {
    expect(maySeeTip({ role: 'screener', organisationId: 'org-screening' }, tip)).toBe(true);
    expect(maySeeTip({ role: 'shelter', organisationId: 'org-screening' }, tip)).toBe(false);
    expect(JSON.stringify(tipView({ role: 'screener', organisationId: 'org-screening' }, tip, labourTipV1))).toContain('MARKER-SOURCE');
  });
});

describe('who may decide a task', () => {
  const shelter: Viewer = { role: 'shelter', organisationId: 'org-shelter' };
  test.each([
    ['the assignee, open', task({}), undefined],
    ['another organisation', task({ assigneeOrg: 'org-other' }), 'FORBIDDEN'],
    ['another role of the organisation', task({ assigneeRole: 'asylum' }), 'FORBIDDEN'],
    ['already decided', task({ status: 'decided' }), 'TASK_CLOSED'],
    ['withdrawn with consent', task({ status: 'withdrawn', withdrawnReason: 'consent-withdrawn' }), 'CONSENT_WITHDRAWN'],
  ])('%s', (_name, subject, code) => {
    expect(decisionRefusal(shelter, subject)?.code).toBe(code);
  });
});

describe('nothing is decrypted for a viewer who may see no answers', () => {
  test.each(consentStates.flatMap((consent) => roles.map((role) => [role, consent] as const)))('%s, %o', (role, consent) => {
    const record = caseParts(consent).record;
    const whole = ['screener', 'inspector', 'coordinator'].includes(role);
    const receives = ['shelter', 'asylum', 'child-protection', 'liaison', 'legal-aid', 'health', 'psychosocial', 'family-tracing'].includes(role);
    expect(mayOpenPersonalData({ role, organisationId: organisationOf[role] }, record)).toBe(whole || (receives && consent.dataSharing === 'yes'));
  });
});
