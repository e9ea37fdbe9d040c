// A case as a person's path: where they were referred, what each organisation answered, what still
// waits and on whom; the interview's answers as far as the reader may see them, in the form's order;
// for coordinators, the workflow drawing one click away.
import type { Answers, FormDefinition, Language } from '../../forms/engine/types.ts';
import { display } from './form-runner.tsx';
import { FollowUps } from './forms-page.tsx';
import { relative, t, term, when } from './i18n.ts';
import type { Session } from './session.ts';
import { Loading, useApi, usePublishedForm } from './use-api.tsx';
import { WorkflowDrawing } from './workflow-drawing.tsx';
import { ClosurePanel } from './closure.tsx';
import { SolutionsPanel } from './solutions.tsx';
import { CasePlan } from './case-plan.tsx';
import { PartnerReferrals } from './partner-referrals.tsx';
import { Transfer } from './transfer.tsx';

interface CaseTask {
  taskId: string;
  kind: string;
  status: string;
  dueAt: string;
  createdAt: string;
  decidedAt?: string;
  assigneeOrg: string;
  assigneeRole: string;
  decision?: Record<string, unknown>;
}

interface Step {
  at: string;
  event: string;
  state?: string;
  attempt?: number;
  error?: string;
  summary?: { taskId?: string; kind?: string; outcome?: string; status?: string };
}

export function CasePage({ session, language, id }: { session: Session; language: Language; id: string }) {
  const { data, error } = useApi<any>(session, `/cases/${id}`, language, 4000);
  const coordinator = session.role === 'coordinator';
  const { data: organisations } = useApi<{ items: { id: string; name: string }[] }>(session, coordinator ? '/organizations' : undefined, language);
  if (!data) return <Loading error={error} language={language} />;
  const holder = (task: CaseTask) => organisations?.items.find((organisation) => organisation.id === task.assigneeOrg)?.name ?? `${term('role', task.assigneeRole, language)} (${task.assigneeOrg})`;
  const tasks: CaseTask[] = [...data.tasks].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const steps: Step[] = data.steps ?? [];
  const flags: string[] = data.assessment?.flags ?? data.flags ?? [];
  const submitted = steps.find((step) => step.event === 'submitted');
  const reflecting = data.assessment?.referrals?.consentReview && !tasks.some((task) => task.kind === 'consent-review') && data.stage !== 'closed';
  return (
    <article className="case" aria-labelledby="case-title">
      <h2 id="case-title">{t('caseRef', language)} {data.caseId}</h2>
      <p className="summary">
        {t('stage', language)}: <strong data-testid="stage" data-stage={data.stage}>{term('stage', data.stage, language)}</strong> · {t('risk', language)}:{' '}
        <strong className={`risk-${data.riskLevel}`}>{data.riskLevel ? term('risk', data.riskLevel, language) : '—'}</strong>
        {data.assessment?.determination && <> · <strong>{term('determination', data.assessment.determination, language)}</strong></>}
      </p>
      {data.nonRefoulementHold && <p className="hold" role="note">{t('nonRefoulementHold', language)}</p>}
      {flags.length > 0 && <ul className="flags">{flags.map((flag) => <li key={flag}>{term('flag', flag, language)}</li>)}</ul>}
      <OtherCases language={language} linked={data.linkedCases ?? []} possible={(data.possibleDuplicates ?? []).map((match: { caseId: string }) => match.caseId)} />

      <section className="panel" aria-labelledby="path-title">
        <h3 id="path-title">{t('path', language)}</h3>
        <ol className="path">
          {submitted && <li className="done">{t('pathSubmitted', language, { when: when(submitted.at, language) })}</li>}
          {data.assessment?.riskLevel && (
            <li className="done">{t('pathAssessed', language, { risk: term('risk', data.assessment.riskLevel, language), determination: term('determination', data.assessment.determination, language) })}</li>
          )}
          {tasks.map((task) => (
            <Referral key={task.taskId} session={session} language={language} task={task} holder={holder(task)} />
          ))}
          {reflecting && <li className="waiting" data-testid="reflection">{t('pathReflection', language)}</li>}
          {data.stage === 'closed' && <li className="done">{t('pathClosed', language)}</li>}
          {data.stage === 'failed' && <li className="failed">{t('pathFailed', language)}</li>}
        </ol>
      </section>

      <SolutionsPanel session={session} language={language} view={data} />
      <ClosurePanel session={session} language={language} view={data} />
      <InterviewAnswers session={session} language={language} answers={data.submission?.answers ?? data.answers} formVersion={data.submission?.formVersion} />
      <FollowUps session={session} language={language} caseId={data.caseId} />
      <CasePlan session={session} language={language} caseView={data} />
      <PartnerReferrals session={session} language={language} caseView={data} />
      <Transfer session={session} language={language} caseView={data} />

      {coordinator && steps.length > 0 && <Workflow session={session} language={language} steps={steps} tasks={tasks} assessment={data.assessment} />}
      {steps.length > 0 && (
        <section className="panel" aria-labelledby="timeline-title">
          <h3 id="timeline-title">{t('timeline', language)}</h3>
          <Timeline steps={steps} language={language} />
        </section>
      )}
    </article>
  );
}

/** One referral on the path: to whom, and where it stands (waiting on them, answered and how, overdue, withdrawn). */
/** The coordination's view of other cases of the same person: linked after a review, or still to review (in the inbox). */
function OtherCases({ language, linked, possible }: { language: Language; linked: string[]; possible: string[] }) {
  const list = (ids: string[]) => ids.map((caseId, index) => <span key={caseId}>{index > 0 && ', '}<a href={`#/cases/${caseId}`}>{caseId}</a></span>);
  return (
    <>
      {linked.length > 0 && <p className="linked-cases">{t('linkedCases', language)}: {list(linked)}</p>}
      {possible.length > 0 && <p className="possible-duplicates">{t('possibleDuplicates', language)}: {list(possible)}</p>}
    </>
  );
}

function Referral({ session, language, task, holder }: { session: Session; language: Language; task: CaseTask; holder: string }) {
  const { form } = usePublishedForm(session, `decision-${task.kind}`, language);
  const outcome = task.decision?.outcome;
  const outcomeText = typeof outcome === 'string' ? (form?.choiceLists.outcome?.find((choice) => choice.value === outcome)?.label[language] ?? outcome) : undefined;
  const state =
    task.status === 'open'
      ? t('waitsOn', language, { holder, when: relative(task.dueAt, language) })
      : task.status === 'decided'
        ? `${t('answeredBy', language, { holder, when: when(task.decidedAt, language) })}${outcomeText ? `: ${outcomeText}` : ''}`
        : `${term('taskStatus', task.status, language)} · ${holder}`;
  const className = task.status === 'open' ? 'waiting' : task.status === 'decided' ? 'done' : 'failed';
  return (
    <li className={className} data-task-kind={task.kind} data-status={task.status}>
      <strong>{term('task', task.kind, language)}</strong>
      <br />
      {state}
    </li>
  );
}

/** The interview's answers this reader may see (the access policy chose them), by section, in the form's order. */
function InterviewAnswers({ session, language, answers, formVersion }: { session: Session; language: Language; answers?: Answers; formVersion?: number }) {
  const { data: form } = useApi<FormDefinition>(session, `/forms/screening-interview${formVersion ? `?version=${formVersion}` : ''}`, language);
  if (!form || !answers || Object.keys(answers).length === 0) return null;
  const sections = form.sections
    .map((section) => ({ section, questions: section.questions.filter((question) => answers[question.id] !== undefined) }))
    .filter(({ questions }) => questions.length > 0);
  return (
    <section className="panel" aria-labelledby="answers-title">
      <h3 id="answers-title">{t('answers', language)}</h3>
      {sections.map(({ section, questions }) => (
        <div key={section.id} className="answer-section">
          <h4>{section.title[language]}</h4>
          <dl>
            {questions.map((question) => (
              <div key={question.id} className="review-row" data-answer={question.id}>
                <dt>{question.label[language]}</dt>
                <dd>{display(form, question, answers[question.id], language)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  );
}

/** The ASL drawing, for coordinators, behind one click: the path above is what most readers need. */
function Workflow({ session, language, steps, tasks, assessment }: { session: Session; language: Language; steps: Step[]; tasks: CaseTask[]; assessment?: Record<string, unknown> }) {
  const { data: machine } = useApi<any>(session, '/workflows/case', language);
  if (!machine) return null;
  return (
    <details className="panel workflow-details">
      <summary>{t('workflowDrawing', language)}</summary>
      <WorkflowDrawing machine={machine} steps={steps} tasks={tasks} assessment={assessment} language={language} />
    </details>
  );
}

/**
 * What happened, when, in words: a human step reads as asked (to whom) and answered; the engine's
 * "entered"/"succeeded" around it are left out, since the step succeeds when the request is made,
 * not when it is answered.
 */
export function Timeline({ steps, language }: { steps: Step[]; language: Language }) {
  const asked = new Set(steps.filter((step) => step.event === 'task-opened').map((step) => step.state));
  const shown = steps.filter((step) => !((step.event === 'entered' || step.event === 'succeeded') && asked.has(step.state)));
  return (
    <ol className="timeline">
      {shown.map((step, index) => (
        <li key={`${step.at}${step.event}${step.state}${index}`} className={`step ${step.event}`}>
          <time dateTime={step.at}>{when(step.at, language)}</time> <strong>{term('event', step.event, language)}</strong>
          {step.summary?.kind ? ` ${term('task', step.summary.kind, language)}` : step.state ? ` ${term('state', step.state, language)}` : ''}
          {step.event === 'status' && step.summary?.status ? ` ${term('executionStatus', step.summary.status, language)}` : ''}
          {step.attempt && step.attempt > 1 ? ` (${t('attempt', language, { n: step.attempt })})` : ''}
          {step.error ? ` — ${term('stepError', step.error, language)}` : ''}
        </li>
      ))}
    </ol>
  );
}
