// On the case page: a durable solution with the person's informed, voluntary consent and the
// language it was explained in; for a child, the best-interests assessment it needs first. A
// voluntary return refused by the non-refoulement hold is said plainly, in the user's language.
import { useState } from 'react';
import { solutionKinds } from '../../forms/decisions/lifecycle.ts';
import type { Language } from '../../forms/engine/types.ts';
import type { Role } from '../../system/description.ts';
import { mayUse } from '../../functions/domain/access.ts';
import { ApiError, call, describeError } from './api.ts';
import { t, term } from './i18n.ts';
import { optionsFor, PickList } from './pick-list.tsx';
import type { Session } from './session.ts';

interface CaseSolution {
  caseId: string;
  stage: string;
  flags?: string[];
  assessment?: { flags?: string[] };
  bestInterests?: { status: string };
  solution?: { kind: string; status: string };
}

/** Refusals with their own words: the non-refoulement hold, and a child without an approved assessment. */
const refusalWords: Record<string, 'holdRefusal' | 'bestInterestsNeeded'> = { NON_REFOULEMENT_HOLD: 'holdRefusal', BEST_INTERESTS_NOT_APPROVED: 'bestInterestsNeeded' };
const explainRefusal = (failure: unknown, language: Language) =>
  failure instanceof ApiError && failure.code && refusalWords[failure.code] ? t(refusalWords[failure.code], language) : describeError(failure, language);

export function SolutionsPanel({ session, language, view }: { session: Session; language: Language; view: CaseSolution }) {
  const [kind, setKind] = useState<string>(solutionKinds[0]);
  const [informed, setInformed] = useState(false);
  const [voluntary, setVoluntary] = useState(false);
  const [explainedIn, setExplainedIn] = useState<string | undefined>(language);
  const [message, setMessage] = useState<{ text: string; alert: boolean }>();
  const role = session.role as Role;
  const child = (view.assessment?.flags ?? view.flags ?? []).includes('child');
  const open = view.stage !== 'closed' && view.stage !== 'erased';
  const mayStart = open && view.solution?.status !== 'running' && mayUse(role, 'POST /cases/{caseId}/solutions');
  const mayAssess = open && child && !['assessing', 'approved'].includes(view.bestInterests?.status ?? '') && mayUse(role, 'POST /cases/{caseId}/best-interests');
  if (!view.solution && !view.bestInterests && !mayStart && !mayAssess) return null;
  const answered = (text: string) => setMessage({ text, alert: false });
  const refused = (failure: unknown) => setMessage({ text: explainRefusal(failure, language), alert: true });
  const start = (event: { preventDefault(): void }) => {
    event.preventDefault();
    const body = { kind, consent: { informed, voluntary, language: explainedIn } };
    void call(session, 'POST', `/cases/${view.caseId}/solutions`, body).then(() => answered(t('solutionStarted', language)), refused);
  };
  return (
    <section className="panel lifecycle" aria-labelledby="solution-title" data-testid="solutions">
      <h3 id="solution-title">{t('durableSolution', language)}</h3>
      {view.bestInterests && <p data-testid="best-interests-status">{t('bestInterestsIs', language, { status: term('bestInterestsStatus', view.bestInterests.status, language) })}</p>}
      {mayAssess && (
        <button type="button" onClick={() => void call(session, 'POST', `/cases/${view.caseId}/best-interests`, {}).then(() => answered(t('bestInterestsOpened', language)), refused)}>
          {t('openBestInterests', language)}
        </button>
      )}
      {view.solution && <p data-testid="solution-status">{t('solutionIs', language, { kind: term('solutionKind', view.solution.kind, language), status: term('solutionStatus', view.solution.status, language) })}</p>}
      {mayStart && (
        <form className="lifecycle-form" onSubmit={start}>
          <label htmlFor="solution-kind">{t('solutionKindLabel', language)}</label>
          <select id="solution-kind" value={kind} onChange={(event) => setKind((event.target as HTMLSelectElement).value)}>
            {solutionKinds.map((code) => <option key={code} value={code}>{term('solutionKind', code, language)}</option>)}
          </select>
          <label className="check">
            <input type="checkbox" required checked={informed} onChange={(event) => setInformed((event.target as HTMLInputElement).checked)} /> {t('solutionInformed', language)}
          </label>
          <label className="check">
            <input type="checkbox" required checked={voluntary} onChange={(event) => setVoluntary((event.target as HTMLInputElement).checked)} /> {t('solutionVoluntary', language)}
          </label>
          <label htmlFor="solution-language" id="solution-language-label">{t('explainedIn', language)}</label>
          <PickList id="solution-language" options={optionsFor('language', language)} language={language} value={explainedIn} onChange={(value) => setExplainedIn(value as string | undefined)} describedBy="solution-language-label" />
          <button type="submit">{t('startSolution', language)}</button>
        </form>
      )}
      {message && <p role={message.alert ? 'alert' : 'status'} className={message.alert ? 'error-summary' : 'notice'} data-testid="solution-message">{message.text}</p>}
    </section>
  );
}
