// The pages behind the navigation: boards, a case, a tip, metrics, organisations.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { FormDefinition, Language } from '../../forms/engine/types.ts';
import { ApiError, call, describeError } from './api.ts';
import { display, FormRunner } from './form-runner.tsx';
import { t, term, when } from './i18n.ts';
import type { Session } from './session.ts';
import { Loading, useApi } from './use-api.tsx';
import { WorkflowDrawing } from './workflow-drawing.tsx';

export function Board({ session, language, kind }: { session: Session; language: Language; kind: 'case' | 'tip' }) {
  const [filters, setFilters] = useState({ stage: '', risk: '', flag: '', overdue: '' });
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value)).toString();
  const { data, error } = useApi<{ items: any[] }>(session, `/${kind}s${query ? `?${query}` : ''}`, language, 4000);
  const select = (name: 'stage' | 'risk' | 'flag', options: string[], label: string) => (
    <label>
      {label}
      <select value={filters[name]} onChange={(event) => setFilters({ ...filters, [name]: event.target.value })}>
        <option value="">{t('all', language)}</option>
        {options.map((option) => <option key={option} value={option}>{term(name, option, language)}</option>)}
      </select>
    </label>
  );
  return (
    <section>
      <h2>{kind === 'case' ? t('board', language) : t('tips', language)}</h2>
      <div className="filters">
        {select('stage', kind === 'case' ? ['intake', 'referral', 'closed', 'failed'] : ['intake', 'triaged', 'closed', 'failed'], t('stage', language))}
        {kind === 'case' && select('risk', ['critical', 'high', 'medium', 'low'], t('risk', language))}
        {kind === 'case' && select('flag', ['possibleTraffickingVictim', 'internationalProtectionNeed', 'child', 'unaccompaniedChild', 'smuggledMigrant', 'strandedMigrant', 'extraContinental'], t('flag', language))}
        <label className="check">
          <input type="checkbox" checked={filters.overdue === 'true'} onChange={(event) => setFilters({ ...filters, overdue: event.target.checked ? 'true' : '' })} />
          {t('overdue', language)}
        </label>
      </div>
      {!data ? (
        <Loading error={error} language={language} />
      ) : (
        <table className="board">
          <thead>
            <tr>
              <th scope="col">{t('reference', language)}</th>
              <th scope="col">{t('stage', language)}</th>
              <th scope="col">{kind === 'case' ? t('risk', language) : t('triage', language)}</th>
              {kind === 'case' && <th scope="col">{t('determination', language)}</th>}
              <th scope="col">{t('overdue', language)}</th>
              <th scope="col">{t('updated', language)}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => {
              const id = item.caseId ?? item.tipId;
              return (
                <tr key={id} data-id={id}>
                  <td><a href={`#/${kind}s/${id}`}>{id}</a></td>
                  <td data-column="stage" data-stage={item.stage}>{term('stage', item.stage, language)}</td>
                  <td className={`risk-${item.riskLevel ?? item.triage}`}>{item.riskLevel ? term('risk', item.riskLevel, language) : item.triage ? term('triage', item.triage, language) : '—'}</td>
                  {kind === 'case' && <td>{item.determination ? term('determination', item.determination, language) : '—'}</td>}
                  <td data-column="overdue" className={item.overdueTasks ? 'overdue' : undefined}>{item.overdueTasks || '—'}</td>
                  <td>{when(item.updatedAt, language)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function Timeline({ steps, language }: { steps: any[]; language: Language }) {
  return (
    <ol className="timeline">
      {steps.map((step) => (
        <li key={step.sk ?? `${step.at}${step.event}${step.state}`} className={`step ${step.event}`}>
          <time dateTime={step.at}>{when(step.at, language)}</time> <strong>{term('event', step.event, language)}</strong> {step.state && term('state', step.state, language)}
          {step.attempt > 1 ? ` (${t('attempt', language, { n: step.attempt })})` : ''} {step.error ? `— ${term('stepError', step.error, language)}` : ''}
          {step.summary?.kind ? ` — ${term('task', step.summary.kind, language)}` : ''}
        </li>
      ))}
    </ol>
  );
}

export function CasePage({ session, language, id }: { session: Session; language: Language; id: string }) {
  const { data, error } = useApi<any>(session, `/cases/${id}`, language, 4000);
  const full = ['coordinator', 'screener', 'inspector'].includes(session.role);
  const { data: machine } = useApi<any>(session, full ? '/workflows/case' : undefined, language);
  if (!data) return <Loading error={error} language={language} />;
  return (
    <article className="case">
      <h2>{data.caseId}</h2>
      <p className="summary">
        {t('stage', language)}: <strong data-testid="stage" data-stage={data.stage}>{term('stage', data.stage, language)}</strong> · {t('risk', language)}: <strong>{data.riskLevel ? term('risk', data.riskLevel, language) : '—'}</strong>
        {data.assessment?.determination && <> · {t('determination', language)}: <strong>{term('determination', data.assessment.determination, language)}</strong></>}
        {data.nonRefoulementHold && <strong className="hold"> · {t('nonRefoulementHold', language)}</strong>}
      </p>
      {(data.assessment?.flags ?? data.flags ?? []).length > 0 && (
        <ul className="flags">{(data.assessment?.flags ?? data.flags).map((flag: string) => <li key={flag}>{term('flag', flag, language)}</li>)}</ul>
      )}
      <InterviewAnswers session={session} language={language} answers={data.submission?.answers ?? data.answers} formVersion={data.submission?.formVersion} />
      {machine && data.steps && (
        <Panel title={t('workflow', language)}>
          <WorkflowDrawing machine={machine} steps={data.steps} tasks={data.tasks} language={language} />
        </Panel>
      )}
      <Panel title={t('tasks', language)}>
        <ul className="tasks">
          {data.tasks.map((task: any) => (
            <li key={task.taskId} data-task-kind={task.kind} data-status={task.status}>
              {term('task', task.kind, language)} · {task.assigneeOrg} · <strong>{term('taskStatus', task.status, language)}</strong> · {t('due', language)} {when(task.dueAt, language)}
            </li>
          ))}
        </ul>
      </Panel>
      {data.steps && (
        <Panel title={t('timeline', language)}>
          <Timeline steps={data.steps} language={language} />
        </Panel>
      )}
    </article>
  );
}

/** The interview's answers this viewer may see (the policy chose them), under the form's own labels. */
function InterviewAnswers({ session, language, answers, formVersion }: { session: Session; language: Language; answers?: Record<string, unknown>; formVersion?: number }) {
  const { data: form } = useApi<FormDefinition>(session, `/forms/screening-interview${formVersion ? `?version=${formVersion}` : ''}`, language);
  const shown = Object.entries(answers ?? {});
  if (!form || shown.length === 0) return null;
  const questions = new Map(form.sections.flatMap((section) => section.questions.map((question) => [question.id, question] as const)));
  return (
    <Panel title={t('answers', language)}>
      <dl className="answers">
        {shown.map(([id, value]) => {
          const question = questions.get(id);
          return (
            <div key={id} className="review-row" data-answer={id}>
              <dt>{question?.label[language] ?? id}</dt>
              <dd>{question ? display(form, question, value, language) : String(value)}</dd>
            </div>
          );
        })}
      </dl>
    </Panel>
  );
}

export function TipPage({ session, language, id }: { session: Session; language: Language; id: string }) {
  const { data, error } = useApi<any>(session, `/tips/${id}`, language, 4000);
  if (!data) return <Loading error={error} language={language} />;
  return (
    <article>
      <h2>{data.tipId}</h2>
      <p>{t('stage', language)}: <strong>{term('stage', data.stage, language)}</strong> · {t('triage', language)}: <strong>{data.triage ? term('triage', data.triage, language) : '—'}</strong></p>
      <Panel title={t('tasks', language)}>
        <ul>{data.tasks.map((task: any) => <li key={task.taskId}>{term('task', task.kind, language)} · {task.assigneeOrg} · {term('taskStatus', task.status, language)}</li>)}</ul>
      </Panel>
      {data.caseIds.length > 0 && (
        <Panel title={t('board', language)}>
          <ul>{data.caseIds.map((caseId: string) => <li key={caseId}><a href={`#/cases/${caseId}`}>{caseId}</a></li>)}</ul>
        </Panel>
      )}
      {data.steps && <Panel title={t('timeline', language)}><Timeline steps={data.steps} language={language} /></Panel>}
    </article>
  );
}

function Bars({ title, counts, group, language }: { title: string; counts: Record<string, number>; group: string; language: Language }) {
  const entries = Object.entries(counts);
  const largest = Math.max(1, ...entries.map(([, count]) => count));
  return (
    <Panel title={title}>
      <ul className="bars" role="list">
        {entries.map(([name, count]) => (
          <li key={name}>
            <span className="bar-label">{term(group, name, language)}</span>
            <span className="bar" style={{ width: `${(count / largest) * 100}%` }} aria-hidden="true" />
            <span className="bar-value">{count}</span>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

const hours = (value: number | null | undefined, language: Language) =>
  value === null || value === undefined ? '—' : t('hours', language, { count: Math.round(value * 10) / 10 });

export function Metrics({ session, language }: { session: Session; language: Language }) {
  const { data, error } = useApi<any>(session, '/metrics', language, 10000);
  if (!data) return <Loading error={error} language={language} />;
  return (
    <section>
      <h2>{t('metrics', language)}</h2>
      <div className="grid">
        <Bars title={t('casesByStage', language, { count: data.cases.total })} counts={data.cases.byStage} group="stage" language={language} />
        <Bars title={t('casesByRisk', language)} counts={data.cases.byRisk} group="risk" language={language} />
        <Bars title={t('openTasks', language)} counts={data.tasks.openByKind} group="task" language={language} />
        <Bars title={t('overdueTasks', language)} counts={data.tasks.overdueByKind} group="task" language={language} />
      </div>
      <dl className="medians">
        <div><dt>{t('medianToPlacement', language)}</dt><dd>{hours(data.medianHours.screeningToPlacement, language)}</dd></div>
        <div><dt>{t('medianToAsylum', language)}</dt><dd>{hours(data.medianHours.screeningToAsylumReferral, language)}</dd></div>
      </dl>
    </section>
  );
}

export function Organisations({ session, language }: { session: Session; language: Language }) {
  const { data, error, reload } = useApi<{ items: any[] }>(session, '/organizations', language);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string>();
  if (!data) return <Loading error={error} language={language} />;
  return (
    <section>
      <h2>{t('organisations', language)}</h2>
      {added && <p role="status" className="notice">{t('organisationAdded', language)}: {added}</p>}
      {adding ? (
        <NewOrganisation session={session} language={language} onAdded={(id) => { setAdding(false); setAdded(id); reload(); }} />
      ) : (
        <button type="button" className="primary" onClick={() => setAdding(true)}>{t('addOrganisation', language)}</button>
      )}
      <table className="board">
        <thead><tr><th scope="col">{t('reference', language)}</th><th scope="col">{t('name', language)}</th><th scope="col">{t('type', language)}</th><th scope="col">{t('bedsFree', language)}</th></tr></thead>
        <tbody>
          {data.items.map((org) => (
            <tr key={org.id} data-id={org.id}>
              <td>{org.id}</td><td>{org.name}</td><td>{term('orgType', org.type, language)}</td>
              <td>{org.shelter ? <ShelterBeds session={session} language={language} organisation={org} onSaved={reload} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The organisation form's answers, as the API's body: shelters' details grouped under `shelter`. */
function organisationBody(answers: Record<string, any>) {
  const { capacity, bedsFree, sexes, ageMin, ageMax, acceptsChildren, languages, ...organisation } = answers;
  return {
    ...organisation,
    ...(answers.type === 'shelter' ? { shelter: { capacity, bedsFree, sexes, ageMin, ageMax, acceptsChildren: acceptsChildren === 'yes', languages } } : {}),
  };
}

function NewOrganisation({ session, language, onAdded }: { session: Session; language: Language; onAdded: (id: string) => void }) {
  const { data: form } = useApi<FormDefinition>(session, '/forms/organisation', language);
  if (!form) return null;
  return (
    <FormRunner
      form={form}
      language={language}
      owner={session.userId}
      draftKey="organisation:new"
      submitLabel={t('addOrganisation', language)}
      review={false}
      onSubmit={async (answers) => {
        try {
          await call(session, 'POST', '/organizations', organisationBody(answers));
          onAdded(String(answers.id));
        } catch (error) {
          // The API names fields by the body's paths (shelter.bedsFree, languages.0): back to questions.
          if (error instanceof ApiError && error.fields) {
            return Object.fromEntries(Object.entries(error.fields).map(([path, message]) => [path.replace(/^shelter\./, '').split('.')[0], message]));
          }
          throw error;
        }
      }}
    />
  );
}

/** A shelter's capacity and free beds, saved with If-Match: a bed taken since the page loaded is never given back. */
function ShelterBeds({ session, language, organisation, onSaved }: { session: Session; language: Language; organisation: any; onSaved: () => void }) {
  const onRecord = () => ({ capacity: String(organisation.shelter.capacity), bedsFree: String(organisation.shelter.bedsFree) });
  const [beds, setBeds] = useState(onRecord);
  const [message, setMessage] = useState<string>();
  // A new version read from the server (after a save, or someone else's change) replaces the figures.
  useEffect(() => setBeds(onRecord()), [organisation.version]);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { updatedAt: _updatedAt, version, ...rest } = organisation;
    const changed = { ...rest, shelter: { ...rest.shelter, capacity: Number(beds.capacity), bedsFree: Number(beds.bedsFree) } };
    try {
      await call(session, 'PUT', `/organizations/${organisation.id}`, changed, { 'if-match': `"${version}"` });
      setMessage(t('saved', language));
      onSaved();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412) {
        setMessage(t('changedMeanwhile', language));
        onSaved();
      } else setMessage(describeError(failure, language));
    }
  };
  const field = (name: keyof typeof beds) => (
    <label>
      {t(name, language)}
      <input type="number" min={0} inputMode="numeric" value={beds[name]} onChange={(event) => setBeds({ ...beds, [name]: event.target.value })} />
    </label>
  );
  return (
    <form className="beds" onSubmit={save} aria-label={`${organisation.name}: ${t('bedsFree', language)}`}>
      {field('bedsFree')} {field('capacity')}
      <button type="submit">{t('save', language)}</button>
      {message && <span role="status">{message}</span>}
    </form>
  );
}
