// Hostile bodies sent where the forms are: decisions on REAL open tasks of every kind, and consent
// changes on a REAL case the caller may see (not a missing one, which would stop at 404 before any
// form is read). Each body is one poisoned answer away from a valid one; each must get a clear 400
// (413 when too large), never a 5xx, and change nothing. At the end the same tasks and case still
// take a valid answer, so the bodies were refused for what they held and not for where they went.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, likelyLabourTrafficking, newKey, screening, type Answer } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';
import { labourTip, tableWithoutReads, workflowSteps } from '../helpers/workflow-steps.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
let steps: ReturnType<typeof workflowSteps>;

const today = () => new Date().toISOString().slice(0, 10);

/** For each task kind: who decides it, a valid decision, and the required answer the fuzz poisons. */
const kinds = {
  placement: { user: 'shelter2', valid: { outcome: 'accepted' }, poisoned: 'outcome' },
  'asylum-referral': { user: 'asylum', valid: { outcome: 'registered', claimReference: 'CONARE-7' }, poisoned: 'outcome' },
  guardianship: { user: 'childprotection', valid: { guardianAppointed: 'no', bestInterestsAssessmentOpened: 'yes' }, poisoned: 'guardianAppointed' },
  'liaison-referral': { user: 'liaison', valid: { outcome: 'acknowledged' }, poisoned: 'outcome' },
  'consent-review': { user: 'screener', valid: { lawEnforcement: 'later' }, poisoned: 'lawEnforcement' },
  'determination-review': { user: 'coordinator', valid: { determination: 'possible' }, poisoned: 'determination' },
  escalation: { user: 'coordinator', valid: { resolution: 'no_longer_needed' }, poisoned: 'resolution' },
  inspection: { user: 'inspector', valid: { inspectionDate: today(), forcedLabourFound: 'no' }, poisoned: 'forcedLabourFound' },
  'more-information': { user: 'screener', valid: { information: 'The workers had left.' }, poisoned: 'information' },
} as const;
type Kind = keyof typeof kinds;

const opened = {} as Record<Kind, { taskId: string; parentId: string }>;
let consentCase: string;
const validConsent = { assistance: 'yes', dataSharing: 'yes', dataSharingOrganisations: 'Casa Esperanza', lawEnforcement: 'yes', explainedInLanguage: 'es', toldRevocable: 'yes' };

beforeAll(async () => {
  host = await startTestHost({ env: { PUENTE_POLICY: JSON.stringify({ reflectionPeriodSeconds: 1 }) } });
  api = apiClient(host);
  steps = workflowSteps(api);
  const [placementCase, childCase, reviewCase, determinationCase, escalationCase] = await Promise.all([
    steps.submit(screening({ shelterNeeded: 'yes' })),
    // A child with a fear of return who may be a victim: asylum, guardianship and the liaison at once.
    steps.submit(screening({ ageEstimate: 15, separationStatus: 'accompanied', fearOfReturn: 'yes', persecutionGrounds: ['religion'], interviewerConclusion: 'possible_victim' })),
    steps.submit(screening({ interviewerConclusion: 'possible_victim', consentLawEnforcement: 'no' })),
    steps.submit(screening({ ...likelyLabourTrafficking, interviewerConclusion: 'not_a_victim' })),
    steps.submit(screening({ shelterNeeded: 'yes', givenName: 'Escalated' })),
  ]);
  const [priorityTip, insufficientTip] = await Promise.all([steps.submitTip(labourTip({ iloRetentionOfDocuments: 'yes' })), steps.submitTip(labourTip(), 'screener')]);
  // Two shelters decline, none is left: a coordinator is asked.
  await steps.decide('shelter2', (await steps.inboxTask('shelter2', escalationCase, 'placement')).taskId, { outcome: 'declined', reason: 'full' });
  await steps.decide('shelter4', (await steps.inboxTask('shelter4', escalationCase, 'placement')).taskId, { outcome: 'declined', reason: 'full' });
  const parents: Record<Kind, string> = {
    placement: placementCase,
    'asylum-referral': childCase,
    guardianship: childCase,
    'liaison-referral': childCase,
    'consent-review': reviewCase,
    'determination-review': determinationCase,
    escalation: escalationCase,
    inspection: priorityTip,
    'more-information': insufficientTip,
  };
  for (const kind of Object.keys(kinds) as Kind[]) {
    const task = await steps.inboxTask(kinds[kind].user, parents[kind], kind);
    opened[kind] = { taskId: task.taskId, parentId: parents[kind] };
  }
  consentCase = childCase;
});
afterAll(async () => host?.stop());

/** The table once no workflow is writing to it any more (the same twice, a second apart). */
const settledTable = () =>
  eventually(async () => {
    const first = JSON.stringify(await tableWithoutReads(host));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const second = await tableWithoutReads(host);
    return JSON.stringify(second) === first ? second : undefined;
  }, 60_000, 'a settled table');

// Values no answer of these forms takes: wrong types, objects posing as words, deep nesting, sizes.
const pretender = fc.constantFrom(
  { toString: 'accepted', valueOf: 'accepted' },
  { toString: { toString: 'yes' }, valueOf: 1 },
  // Own keys named __proto__ and constructor, as JSON.parse makes them (an object literal would set the prototype).
  JSON.parse('{"__proto__":{"length":1,"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  { hasOwnProperty: 'outcome', then: 'yes' },
);
const deepObject = fc.letrec((tie) => ({ node: fc.oneof({ depthSize: 'small', maxDepth: 6 }, fc.constant({}), fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 3 })) })).node;
/** What the poisoned answer gets, objects posing as words (own toString/valueOf) included. */
const poison = fc.oneof(
  pretender,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(''),
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 4 }),
  deepObject,
  fc.constantFrom('x'.repeat(100_000), '😀'.repeat(30_000), 'a'.repeat(20_001)),
);
/** Extra keys: the names of Object.prototype's members, and anything else. */
const extraKeys = fc.dictionary(
  fc.oneof(fc.constantFrom('toString', 'valueOf', 'constructor', '__proto__', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'prototype'), fc.string({ maxLength: 12 })),
  fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null), pretender, deepObject),
  { maxKeys: 3 },
);
/** Raw bodies JSON.stringify cannot make, or that are not objects at all. */
const deepText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const rawBodies = (valid: Record<string, unknown>, poisoned: string) =>
  fc.constantFrom(
    '[]',
    '[{"outcome":"accepted"}]',
    'null',
    '42',
    '"accepted"',
    '',
    '{"outcome":',
    '\u0000\u0001',
    `{"__proto__":${JSON.stringify(valid)}}`,
    `{"constructor":{"prototype":${JSON.stringify(valid)}}}`,
    `{"${poisoned}":${deepText(100_000)}}`,
    `{"toString":${deepText(10_000)},${JSON.stringify(valid).slice(1, -1)}}`,
    JSON.stringify({ ...valid, [poisoned]: 'x'.repeat(1_100_000) }),
  );

/** A decision of `kind` with its deciding answer poisoned, maybe with extra keys; or a raw body. */
const hostileDecision = (kind: Kind) => {
  const { valid, poisoned } = kinds[kind];
  return fc.oneof(
    fc.tuple(extraKeys, poison).map(([extra, value]) => JSON.stringify({ ...valid, ...extra, [poisoned]: value })),
    fc.oneof(poison, pretender).map((value) => JSON.stringify(value)),
    rawBodies(valid, poisoned),
  );
};

/** "" when the answer is the clear refusal a hostile body must get, else why not. */
function unclear(answer: Answer, codes: string[]): string {
  if (answer.status === 413) return answer.body?.error?.code === 'PAYLOAD_TOO_LARGE' ? '' : 'a 413 without its code';
  if (answer.status !== 400) return `status ${answer.status} ${JSON.stringify(answer.body).slice(0, 120)}`;
  const { code, message } = answer.body?.error ?? {};
  if (!codes.includes(code)) return `code ${code}`;
  return typeof message === 'string' && message.length > 5 ? '' : 'no message';
}

describe('hostile decisions on real open tasks', () => {
  test.each(Object.keys(kinds) as Kind[])('%s: every hostile decision gets a clear 400 (413 when too large), never a 5xx; the task stays open and nothing changes', async (kind) => {
    const { user } = kinds[kind];
    const { taskId } = opened[kind];
    const before = await settledTable();
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(hostileDecision(kind), async (body) => {
        const answer = await api.call(user, 'POST', `/tasks/${taskId}/decision`, body, { 'content-type': 'application/json' });
        const why = unclear(answer, ['INVALID_JSON', 'INVALID_REQUEST', 'INVALID_DECISION']);
        if (why) failures.push(`${body.slice(0, 100)} → ${why}`);
      }),
      { numRuns: 40, seed: 20261129 },
    );
    expect(failures).toEqual([]);
    expect(await tableWithoutReads(host)).toEqual(before);
    expect((await steps.allItems(user, '/tasks?limit=100')).map((task) => task.taskId)).toContain(taskId);
  });

  // Skip logic once read raw answers, and an object posing as a word threw in JsonLogic's `==` (a 500).
  test('an answer object with its own toString and valueOf where a word goes gets 400 on every form route', async () => {
    const posing = (word: string) => ({ toString: word, valueOf: word });
    const answers: string[] = [];
    for (const kind of Object.keys(kinds) as Kind[]) {
      const { user, valid, poisoned } = kinds[kind];
      const answer = await api.call(user, 'POST', `/tasks/${opened[kind].taskId}/decision`, { ...valid, [poisoned]: posing(String((valid as Record<string, unknown>)[poisoned])) });
      answers.push(`${kind} → ${answer.status}`);
    }
    const consent = await api.call('screener', 'POST', `/cases/${consentCase}/consent`, { language: 'es', answers: { ...validConsent, dataSharing: posing('yes') } });
    const screeningAnswer = await api.call('screener', 'POST', '/screenings', screening({ recruitedByThirdParty: posing('yes') }), { 'idempotency-key': newKey() });
    const tipAnswer = await api.call('inspector', 'POST', '/tips', labourTip({ sourceAnonymous: posing('no') }), { 'idempotency-key': newKey() });
    answers.push(`consent → ${consent.status}`, `screening → ${screeningAnswer.status}`, `tip → ${tipAnswer.status}`);
    expect(answers).toEqual([...Object.keys(kinds).map((kind) => `${kind} → 400`), 'consent → 400', 'screening → 400', 'tip → 400']);
  });

  // Field errors were once gathered with `??=` into a plain object, so these names were never named.
  test('a decision refused for an answer named toString or valueOf names that answer in its fields', async () => {
    const { taskId } = opened.placement;
    for (const name of ['toString', 'valueOf']) {
      const answer = await api.call('shelter2', 'POST', `/tasks/${taskId}/decision`, { outcome: 'accepted', [name]: 'x' });
      expect([answer.status, answer.body.error.code]).toEqual([400, 'INVALID_DECISION']);
      expect(Object.keys(answer.body.error.fields)).toEqual([name]);
    }
  });
});

describe('hostile consent changes on a real case', () => {
  const hostileConsent = fc.oneof(
    // The consent form's answers with one required answer poisoned, maybe with extra keys.
    fc
      .tuple(fc.constantFrom('assistance', 'dataSharing', 'lawEnforcement', 'toldRevocable', 'explainedInLanguage'), extraKeys, poison)
      .map(([poisoned, extra, value]) => JSON.stringify({ language: 'es', answers: { ...validConsent, ...extra, [poisoned]: value } })),
    // The language poisoned, the answers valid.
    fc.oneof(poison, pretender).map((language) => JSON.stringify({ language, answers: validConsent })),
    // Answers that are not an object; keys the body does not take.
    fc.oneof(poison, pretender, fc.constant(null)).map((answers) => JSON.stringify({ language: 'es', answers })),
    extraKeys.filter((extra) => Object.keys(extra).some((key) => key !== '__proto__')).map((extra) => JSON.stringify({ language: 'es', answers: validConsent, ...extra })),
    rawBodies({ language: 'es', answers: validConsent }, 'answers'),
  );

  test('every hostile consent change gets a clear 400 (413 when too large), never a 5xx; the consent and timeline stay as they were', async () => {
    const before = await settledTable();
    const viewBefore = await steps.read('case', consentCase);
    const failures: string[] = [];
    for (const user of ['screener', 'coordinator']) {
      await fc.assert(
        fc.asyncProperty(hostileConsent, async (body) => {
          const answer = await api.call(user, 'POST', `/cases/${consentCase}/consent`, body, { 'content-type': 'application/json' });
          const why = unclear(answer, ['INVALID_JSON', 'INVALID_REQUEST', 'INVALID_SUBMISSION']);
          if (why) failures.push(`${user}: ${body.slice(0, 100)} → ${why}`);
        }),
        { numRuns: 60, seed: 20261130 },
      );
    }
    expect(failures).toEqual([]);
    expect(await tableWithoutReads(host)).toEqual(before);
    const viewAfter = await steps.read('case', consentCase);
    expect([viewAfter.consent, viewAfter.steps]).toEqual([viewBefore.consent, viewBefore.steps]);
  });
});

describe('after the hostile bodies', () => {
  test('every task and the case still take a valid answer: the bodies were refused for what they held', async () => {
    for (const kind of Object.keys(kinds) as Kind[]) {
      const answer = await api.call(kinds[kind].user, 'POST', `/tasks/${opened[kind].taskId}/decision`, kinds[kind].valid);
      expect([kind, answer.status, answer.body?.status]).toEqual([kind, 200, 'decided']);
    }
    const consent = await api.call('screener', 'POST', `/cases/${consentCase}/consent`, { language: 'es', answers: { ...validConsent, lawEnforcement: 'later' } });
    expect(consent.status).toBe(200);
    const after = await steps.read('case', consentCase);
    expect(after.consent.lawEnforcement).toBe('later');
  });
});
