// The pages behind the navigation: a tip, metrics, organisations.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { FormDefinition, Language } from '../../forms/engine/types.ts';
import { ApiError, call, describeError } from './api.ts';
import { FormRunner } from './form-runner.tsx';
import { t, term } from './i18n.ts';
import type { Session } from './session.ts';
import { Loading, useApi } from './use-api.tsx';
import { Timeline } from './case-page.tsx';
import { ExportsPanel } from './exports-panel.tsx';
import { mayUse } from '../../functions/domain/access.ts';
import type { Role } from '../../system/description.ts';

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel">
      <h3>{title}</h3>
      {children}
    </section>
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
      {mayUse(session.role as Role, 'GET /exports/htcds') && <ExportsPanel session={session} language={language} />}
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
