// Calls the HTTP API as a signed-in demo user, as the web app and coalition scripts do.
import type { TestHost } from './local-host.ts';

export interface Answer {
  status: number;
  body: any;
}

export function apiClient(host: TestHost) {
  const tokens = new Map<string, string>();
  async function token(username: string): Promise<string> {
    if (!tokens.has(username)) {
      const response = await fetch(`${host.url}/auth/local/token`, { method: 'POST', body: JSON.stringify({ username }) });
      if (response.status !== 200) throw new Error(`sign-in as ${username} failed: ${response.status}`);
      tokens.set(username, (await response.json()).token);
    }
    return tokens.get(username)!;
  }
  async function call(username: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${host.url}${path}`, {
      method,
      headers: {
        ...(username ? { authorization: `Bearer ${await token(username)}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  }
  return { call, token };
}

/** A complete screening interview; `extra` sets or (with undefined) removes answers. */
export function screening(extra: Record<string, unknown> = {}, language = 'es') {
  const answers: Record<string, unknown> = {
    consentInterview: 'yes',
    informedOfRights: 'yes',
    interviewLanguage: 'es',
    consentDataSharing: 'yes',
    consentLawEnforcement: 'yes',
    givenName: 'Test',
    ageEstimate: 34,
    gender: 'man',
    nationality: 'HN',
    languages: ['es'],
    recruitedByThirdParty: 'no',
    workedOrExploited: 'no',
    immediateDanger: 'no',
    medicalNeedUrgent: 'no',
    shelterNeeded: 'no',
    interviewerConclusion: 'further_assessment',
    ...extra,
  };
  for (const [key, value] of Object.entries(extra)) if (value === undefined) delete answers[key];
  return { formId: 'screening-interview', formVersion: 1, language, answers };
}

export const likelyLabourTrafficking = {
  recruitedByThirdParty: 'yes',
  recruitmentMethod: 'online_advert',
  drNatureOfJob: 'yes',
  drWages: 'yes',
  workedOrExploited: 'yes',
  exploitationTypes: ['forced_labour'],
  labourSector: 'agriculture',
  ecExcessiveHours: 'yes',
  ecLowOrNoPay: 'yes',
  cdDocumentsConfiscated: 'yes',
  cdDebtBondage: 'yes',
};

let keys = 0;
export const newKey = () => `test-${process.pid}-${Date.now()}-${keys++}`;
