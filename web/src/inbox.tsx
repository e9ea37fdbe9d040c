// The inbox of a receiving organisation, read as referrals are read (Primero's habit): who the
// person is and what they need, why it came to this organisation, what is asked, by when; the
// decision form beside it. Only what the access policy let through is shown; the labels come from
// the forms, in the reader's language.
import { useState } from 'react';
import type { Answers, FormDefinition, Language, Question } from '../../forms/engine/types.ts';
import { ApiError, call } from './api.ts';
import { display, FormRunner } from './form-runner.tsx';
import { relative, t, term, when } from './i18n.ts';
import type { Session } from './session.ts';
import { Loading, useApi, usePublishedForm } from './use-api.tsx';

interface Task {
  taskId: string;
  kind: string;
  dueAt: string;
  overdue: boolean;
  /** A follow-up coming due: its assignee was reminded. */
  remindedAt?: string;
  caseId?: string;
  tipId?: string;
  brief?: { age?: number; flags?: string[]; riskLevel?: string; nonRefoulementHold?: boolean; assessment?: { riskLevel?: string; determination?: string }; triage?: string; answers?: Answers };
  /** A duplicate review: the two cases side by side, and what agrees between them. */
  pair?: { score?: number; reasons: string[]; cases: { caseId: string; createdAt?: string; erased?: boolean; answers?: Answers }[] };
}

export function Inbox({ session, language }: { session: Session; language: Language }) {
  const { data, error, reload } = useApi<{ items: Task[] }>(session, '/tasks', language, 5000);
  const { form: interview } = usePublishedForm(session, 'screening-interview', language);
  const [done, setDone] = useState<string>();
  if (!data) return <Loading error={error} language={language} />;
  return (
    <section aria-labelledby="inbox-title">
      <h2 id="inbox-title">{t('inbox', language)}</h2>
      {done && <p role="status" className="notice">{t('decided', language)}</p>}
      {data.items.length === 0 && <p>{t('noTasks', language)}</p>}
      <ul className="cards">
        {data.items.map((task) => (
          <Referral key={task.taskId} session={session} language={language} task={task} interview={interview} onDecided={() => { setDone(task.taskId); reload(); }} />
        ))}
      </ul>
    </section>
  );
}

function Referral({ session, language, task, interview, onDecided }: { session: Session; language: Language; task: Task; interview?: FormDefinition; onDecided: () => void }) {
  const titleId = `task-${task.taskId}`;
  return (
    <li className={`card referral${task.overdue ? ' overdue' : ''}`} data-task-kind={task.kind} aria-labelledby={titleId}>
      <div className="referral-brief">
        <h3 id={titleId}>{term('task', task.kind, language)}</h3>
        <p className="due">
          <strong>{t(task.overdue ? 'overdueSince' : 'dueIn', language, { when: relative(task.dueAt, language) })}</strong>{' '}
          <time dateTime={task.dueAt} className="muted">({when(task.dueAt, language)})</time>
        </p>
        {task.remindedAt && <p className="reminder" role="note">{t('reminded', language)}</p>}
        {task.pair ? <Pair pair={task.pair} interview={interview} language={language} /> : task.caseId && <Person brief={task.brief} interview={interview} language={language} />}
        {task.tipId && <Workplace session={session} language={language} reported={task.brief} />}
        <h4>{t('whyYou', language)}</h4>
        <p>{term('why', task.kind, language)}</p>
        <h4>{t('whatIsAsked', language)}</h4>
        <p>{term('ask', task.kind, language)}</p>
        <p className="muted">
          {t(task.caseId ? 'caseRef' : 'tipRef', language)}: <a href={`#/${task.caseId ? 'cases' : 'tips'}/${task.caseId ?? task.tipId}`}>{task.caseId ?? task.tipId}</a>
        </p>
      </div>
      <div className="referral-decision">
        <DecisionForm session={session} language={language} task={task} onDone={onDecided} />
      </div>
    </li>
  );
}

/** Who the person is, as far as this organisation may know: age, gender, languages, needs, risk. */
function Person({ brief, interview, language }: { brief: Task['brief']; interview?: FormDefinition; language: Language }) {
  if (!brief || !interview) return null;
  const questions = new Map(interview.sections.flatMap((section) => section.questions.map((question) => [question.id, question] as const)));
  const answers = brief.answers ?? {};
  const show = (id: string) => (questions.has(id) && answers[id] !== undefined ? display(interview, questions.get(id)!, answers[id], language) : undefined);
  const who = [show('gender'), brief.age !== undefined ? t('ageYears', language, { count: brief.age }) : undefined, show('nationality')].filter(Boolean).join(', ');
  const spoken = show('languages');
  const named = [show('givenName'), show('familyName')].filter(Boolean).join(' ');
  const shown = new Set(['gender', 'nationality', 'languages', 'givenName', 'familyName']);
  // Yes/no needs read as the need itself ("Needs urgent medical care"); other answers as "question: answer".
  const needs = Object.keys(answers)
    .filter((id) => !shown.has(id) && questions.has(id))
    .map((id) => ({ id, question: questions.get(id)!, value: answers[id] }))
    .filter(({ question, value }) => !(question.type === 'yesNo' && value !== 'yes'));
  const risk = brief.assessment?.riskLevel ?? brief.riskLevel;
  return (
    <div className="person">
      <h4>{t('who', language)}</h4>
      <p className="who-line">
        {named && <strong>{named} · </strong>}
        {who || t('notShared', language)}
        {spoken && <> · {t('speaks', language, { languages: spoken })}</>}
      </p>
      {(brief.flags ?? []).length > 0 && <ul className="flags">{brief.flags!.map((flag) => <li key={flag}>{term('flag', flag, language)}</li>)}</ul>}
      {needs.length > 0 && (
        <ul className="needs">
          {needs.map(({ id, question, value }) => (
            <li key={id} data-answer={id}>{question.type === 'yesNo' ? question.label[language] : `${question.label[language]}: ${display(interview, question, value, language)}`}</li>
          ))}
        </ul>
      )}
      <p>
        {risk && <>{t('risk', language)}: <strong className={`risk-${risk}`}>{term('risk', risk, language)}</strong></>}
        {brief.assessment?.determination && <> · {term('determination', brief.assessment.determination, language)}</>}
        {brief.nonRefoulementHold && <> · <strong className="hold">{t('nonRefoulementHold', language)}</strong></>}
      </p>
    </div>
  );
}

/** Two cases that may be one person, side by side: who each says the person is, and what agrees. */
function Pair({ pair, interview, language }: { pair: NonNullable<Task['pair']>; interview?: FormDefinition; language: Language }) {
  if (!interview) return null;
  const questions = new Map(interview.sections.flatMap((section) => section.questions.map((question) => [question.id, question] as const)));
  const compared = ['givenName', 'familyName', 'dateOfBirth', 'ageEstimate', 'gender', 'nationality', 'languages'].filter((id) => questions.has(id));
  return (
    <div className="pair">
      {pair.score !== undefined && <p><strong>{t('pairLikeness', language, { n: Math.round(pair.score * 100) })}</strong></p>}
      <table className="pair-cases">
        <thead>
          <tr>
            <td />
            {pair.cases.map((side) => (
              <th key={side.caseId} scope="col">
                <a href={`#/cases/${side.caseId}`}>{side.caseId}</a>
                {side.createdAt && <div className="muted"><time dateTime={side.createdAt}>{when(side.createdAt, language)}</time></div>}
                {side.erased && <div className="muted">{t('pairErased', language)}</div>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {compared.map((id) => (
            <tr key={id} data-answer={id}>
              <th scope="row">{questions.get(id)!.label[language]}</th>
              {pair.cases.map((side) => <td key={side.caseId}>{side.answers?.[id] !== undefined ? display(interview, questions.get(id)!, side.answers[id], language) : '—'}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('pairAgrees', language)}</h4>
      <ul className="flags">{pair.reasons.map((reason) => <li key={reason}>{term('duplicateReason', reason, language)}</li>)}</ul>
    </div>
  );
}

/** The workplace a tip reports, as the brief lets this reader see it: name, place, sector, workers, children seen, the ILO indicators seen, the triage. */
function Workplace({ session, language, reported }: { session: Session; language: Language; reported: Task['brief'] }) {
  const { form } = usePublishedForm(session, 'labour-tip', language);
  if (!reported?.answers || !form) return null;
  const answers = reported.answers;
  const questions: Question[] = form.sections.flatMap((section) => section.questions);
  const show = (id: string) => {
    const question = questions.find((candidate) => candidate.id === id);
    return question && answers[id] !== undefined ? display(form, question, answers[id], language) : undefined;
  };
  const seen = questions.filter((question) => question.indicator && answers[question.id] === 'yes');
  const tip = { triage: reported.triage, answers };
  return (
    <div className="workplace">
      <h4>{t('workplace', language)}</h4>
      <p className="who-line">
        <strong>{show('workplaceName')}</strong> · {[show('workplaceAddress'), show('municipality'), show('country')].filter(Boolean).join(', ')}
      </p>
      <p>
        {show('sector')}
        {typeof tip.answers.workersEstimated === 'number' && <> · {t('workers', language, { count: tip.answers.workersEstimated })}</>}
        {tip.triage && <> · {t('triage', language)}: <strong className={`risk-${tip.triage}`}>{term('triage', tip.triage, language)}</strong></>}
      </p>
      {answers.minorsPresent === 'yes' && (
        <p className="children">
          <strong>{typeof answers.minorsSeen === 'number' ? t('childrenSeen', language, { count: answers.minorsSeen }) : t('childrenSeenUncounted', language)}</strong>
        </p>
      )}
      {show('description') && <p className="seen">{show('description')}</p>}
      {seen.length > 0 && (
        <>
          <p className="muted">{t('indicatorsSeen', language)}</p>
          <ul className="needs">{seen.map((question) => <li key={question.id}>{question.label[language]}</li>)}</ul>
        </>
      )}
    </div>
  );
}

function DecisionForm({ session, language, task, onDone }: { session: Session; language: Language; task: Task; onDone: () => void }) {
  const { form, error } = usePublishedForm(session, `decision-${task.kind}`, language);
  if (!form) return <Loading error={error} language={language} />;
  return (
    <FormRunner
      form={form}
      language={language}
      owner={session.userId}
      draftKey={`decision:${task.taskId}`}
      submitLabel={t('decide', language)}
      review={false}
      headingLevel={4}
      onSubmit={async (answers) => {
        try {
          await call(session, 'POST', `/tasks/${task.taskId}/decision`, answers, { 'accept-language': language });
          onDone();
        } catch (error) {
          if (error instanceof ApiError && error.fields) return error.fields;
          throw error;
        }
      }}
    />
  );
}
