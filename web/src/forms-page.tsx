// Forms imported from XLSForms (Kobo, ODK): an administrator uploads a workbook and sees its
// warnings, or where it was refused; field teams pick an imported form and fill it with the same
// runner as the interview, in each language the form has, through the same offline outbox; a
// case page lists the follow-up records attached to it.
import { useState } from 'react';
import type { FormDefinition, Language } from '../../forms/engine/types.ts';
import { ApiError, call, describeError, download } from './api.ts';
import { display, FormRunner } from './form-runner.tsx';
import { t, when } from './i18n.ts';
import { enqueue } from './outbox.ts';
import type { Session } from './session.ts';
import { Loading, useApi, usePublishedForm } from './use-api.tsx';

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Imported {
  formId: string;
  version: number;
  warnings: { sheet: string; row?: number; column?: string; message: string }[];
}

/** Where in the workbook, in the reader's words. */
const placeOf = (at: { sheet?: string; row?: number; column?: string }, language: Language) =>
  t('xlsformPlace', language, { sheet: at.sheet ?? '—', row: at.row ?? '—', column: at.column ?? '—' });

export function FormImport({ session, language }: { session: Session; language: Language }) {
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Imported>();
  const [refusal, setRefusal] = useState<{ message: string; place?: string }>();
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setResult(undefined);
    setRefusal(undefined);
    try {
      setResult(await call<Imported>(session, 'POST', '/forms/import', new Blob([file], { type: xlsx })));
    } catch (failure) {
      const at = failure instanceof ApiError ? failure.at : undefined;
      setRefusal({ message: at ? `${t('xlsformRefused', language)} ${(failure as ApiError).message}` : describeError(failure, language), place: at && placeOf(at, language) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h2>{t('formImport', language)}</h2>
      <p>{t('formImportExplained', language)}</p>
      <form onSubmit={(event) => { event.preventDefault(); void upload(); }}>
        <div className="field">
          <label htmlFor="xlsform-file">{t('xlsformFile', language)}</label>
          <input id="xlsform-file" type="file" accept={`.xlsx,${xlsx}`} data-testid="xlsform-file" onChange={(event) => setFile((event.target as HTMLInputElement).files?.[0])} />
        </div>
        <div className="actions start">
          <button type="submit" className="primary" disabled={!file || busy} data-testid="import-form">{t('importForm', language)}</button>
        </div>
      </form>
      {refusal && (
        <div role="alert" className="error-summary" data-testid="import-refused">
          {refusal.place && <p><strong>{refusal.place}</strong></p>}
          <p>{refusal.message}</p>
        </div>
      )}
      {result && (
        <div role="status" className="notice" data-testid="import-result">
          <p>{t('formPublished', language, { formId: result.formId, version: result.version })}</p>
          {result.warnings.length > 0 && (
            <>
              <h3>{t('importWarnings', language)}</h3>
              <ul>
                {result.warnings.map((warning, index) => <li key={index}>{placeOf(warning, language)}: {warning.message}</li>)}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

interface FormListing {
  forms: { id: string; version: number; title: FormDefinition['title']; imported?: boolean }[];
}

/** The imported forms a field team may fill. */
export function FormsList({ session, language }: { session: Session; language: Language }) {
  const { data, error } = useApi<FormListing>(session, '/forms', language);
  if (!data) return <Loading error={error} language={language} />;
  const imported = data.forms.filter((form) => form.imported);
  return (
    <section>
      <h2>{t('forms', language)}</h2>
      {imported.length === 0 ? (
        <p>{t('noImportedForms', language)}</p>
      ) : (
        <ul className="form-list">
          {imported.map((form) => (
            <li key={form.id}>
              <a href={`#/forms/${encodeURIComponent(form.id)}`} data-form={form.id}>{form.title[language]}</a> <span className="hint">({form.id}, v{form.version})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The form's own languages; the reader's when the form has it, else the form's default. */
const languagesOf = (form: FormDefinition): Language[] => form.languages ?? ['en', 'es', 'fr', 'pt'];

export function ImportedForm({ session, language, formId, onQueued }: { session: Session; language: Language; formId: string; onQueued: () => void }) {
  const { form, error } = usePublishedForm(session, formId, language);
  const [chosen, setChosen] = useState<Language>();
  const [caseId, setCaseId] = useState('');
  const [queued, setQueued] = useState(false);
  if (!form) return <Loading error={error} language={language} />;
  const offered = languagesOf(form);
  const formLanguage = chosen ?? (offered.includes(language) ? language : (form.defaultLanguage ?? offered[0]));
  if (queued) {
    return (
      <section className="notice" aria-live="polite" data-testid="form-queued">
        <p>{t('queuedHeading', language)}</p>
        <p><a href="#/outbox">{t('outbox', language)}</a></p>
        <button type="button" onClick={() => setQueued(false)}>{t('fillAgain', language)}</button>
      </section>
    );
  }
  return (
    <section lang={formLanguage}>
      <h2>{form.title[formLanguage]}</h2>
      <div className="actions start">
        <label className="inline">
          {t('formLanguage', language)}
          <select value={formLanguage} onChange={(event) => setChosen((event.target as HTMLSelectElement).value as Language)} data-testid="form-language">
            {offered.map((code) => <option key={code} value={code} lang={code}>{new Intl.DisplayNames([code], { type: 'language' }).of(code)}</option>)}
          </select>
        </label>
        <label className="inline">
          {t('followUpOfCase', language)}
          <input value={caseId} onInput={(event) => setCaseId((event.target as HTMLInputElement).value.trim())} placeholder="c-…" data-testid="follow-up-case" autoComplete="off" />
        </label>
      </div>
      <FormRunner
        key={formLanguage}
        form={form}
        language={formLanguage}
        owner={session.userId}
        draftKey={`form:${formId}`}
        submitLabel={t('submit', language)}
        onSubmit={async (answers, key) => {
          // As an interview: sealed in the outbox first, sent when there is a connection.
          await enqueue(session, `/forms/${encodeURIComponent(formId)}/submissions`, key, { formId, formVersion: form.version, language: formLanguage, answers, ...(caseId ? { caseId } : {}) });
          setQueued(true);
          onQueued();
        }}
      />
      <p>
        <button type="button" className="link" onClick={() => void download(session, `/forms/${encodeURIComponent(formId)}/xlsform`, `${formId}.xlsx`)}>{t('downloadXlsform', language)}</button>
      </p>
    </section>
  );
}

interface FollowUp {
  submissionId: string;
  formId: string;
  formVersion: number;
  submittedAt: string;
  answers?: Record<string, unknown>;
}

/** The follow-up records of a case, each with its answers where the reader may see them. */
export function FollowUps({ session, language, caseId }: { session: Session; language: Language; caseId: string }) {
  const { data } = useApi<{ followUps: FollowUp[] }>(session, `/cases/${caseId}/follow-ups`, language);
  if (!data) return null;
  return (
    <section className="panel" data-testid="follow-ups">
      <h3>{t('followUps', language)}</h3>
      {data.followUps.length === 0 ? (
        <p>{t('noFollowUps', language)}</p>
      ) : (
        <ul>
          {data.followUps.map((followUp) => (
            <li key={followUp.submissionId} data-submission={followUp.submissionId}>
              <strong>{followUp.formId}</strong> v{followUp.formVersion} · {when(followUp.submittedAt, language)}
              {followUp.answers && <FollowUpAnswers session={session} language={language} followUp={followUp} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FollowUpAnswers({ session, language, followUp }: { session: Session; language: Language; followUp: FollowUp }) {
  const { data: form } = useApi<FormDefinition>(session, `/forms/${encodeURIComponent(followUp.formId)}?version=${followUp.formVersion}`, language);
  if (!form) return null;
  const questions = form.sections.flatMap((section) => section.questions).filter((question) => followUp.answers?.[question.id] !== undefined);
  return (
    <dl>
      {questions.map((question) => (
        <div key={question.id} className="review-row">
          <dt>{question.label[language]}</dt>
          <dd>{display(form, question, followUp.answers![question.id], language)}</dd>
        </div>
      ))}
    </dl>
  );
}
