// Puente's web app: one page, hash routes, the HTTP API only. Role decides the navigation.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { languages, type FormDefinition, type Language } from '../../forms/engine/types.ts';
import { ApiError, finishCognitoSignIn, flushOutbox, loadConfig, loadSession, outbox, saveSession, signInLocally, startCognitoSignIn, submit, type DeploymentConfig, type Session } from './api.ts';
import { FormRunner } from './form-runner.tsx';
import { t, type Word } from './i18n.ts';
import { Board, CasePage, Inbox, Metrics, Organisations, TipPage, useApi } from './pages.tsx';

const demoUsers = ['screener', 'inspector', 'shelter1', 'shelter2', 'shelter3', 'shelter4', 'asylum', 'childprotection', 'liaison', 'coordinator', 'admin'];

const navigation: Record<string, [string, Word][]> = {
  screener: [['interview', 'interview'], ['cases', 'board'], ['inbox', 'inbox']],
  inspector: [['tip', 'tip'], ['tips', 'tips'], ['interview', 'interview'], ['cases', 'board'], ['inbox', 'inbox']],
  shelter: [['inbox', 'inbox'], ['cases', 'board']],
  asylum: [['inbox', 'inbox'], ['cases', 'board']],
  'child-protection': [['inbox', 'inbox'], ['cases', 'board']],
  liaison: [['inbox', 'inbox'], ['cases', 'board'], ['tips', 'tips']],
  coordinator: [['cases', 'board'], ['tips', 'tips'], ['inbox', 'inbox'], ['metrics', 'metrics'], ['organisations', 'organisations']],
  admin: [['organisations', 'organisations']],
};

function useHash(): string {
  const [hash, setHash] = useState(location.hash.slice(2));
  useEffect(() => {
    const update = () => setHash(location.hash.slice(2));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return hash;
}

function SignIn({ onSignIn, language, config }: { onSignIn: (session: Session) => void; language: Language; config?: DeploymentConfig | null }) {
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (config) finishCognitoSignIn(config).then((session) => session && onSignIn(session), (failure: Error) => setError(failure.message));
  }, [config]);
  if (config === null) return null; // still reading the deployment's config
  if (config) {
    return (
      <main className="sign-in">
        <h1>Puente</h1>
        {error && <p role="alert" className="error-summary">{error}</p>}
        <button type="button" className="primary" onClick={() => void startCognitoSignIn(config)}>{t('signIn', language)}</button>
      </main>
    );
  }
  return (
    <main className="sign-in">
      <h1>Puente</h1>
      <h2>{t('signInAs', language)}</h2>
      {error && <p role="alert" className="error-summary">{error}</p>}
      <ul className="users">
        {demoUsers.map((username) => (
          <li key={username}>
            <button type="button" onClick={() => signInLocally(username).then(onSignIn, (failure: Error) => setError(failure.message))}>
              {username}
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}

function Submission({ session, language, formId, path, kind }: { session: Session; language: Language; formId: string; path: string; kind: 'case' | 'tip' }) {
  const { data: form, error } = useApi<FormDefinition>(session, `/forms/${formId}`);
  const [respondent, setRespondent] = useState<Language>(language);
  const [result, setResult] = useState<{ id?: string; queued: boolean }>();
  if (!form) return <p>{error ?? t('loading', language)}</p>;
  if (result) {
    return (
      <section role="status" className="notice">
        {result.queued ? (
          <p>{t('queued', language)}</p>
        ) : (
          <>
            <p>
              {t(kind === 'case' ? 'submitted' : 'tipSubmitted', language)} <strong data-testid="created-id">{result.id}</strong>
            </p>
            {kind === 'case' && <p>{t('whatNext', language)}</p>}
          </>
        )}
        <button type="button" onClick={() => setResult(undefined)}>{t('newInterview', language)}</button>
      </section>
    );
  }
  return (
    <section>
      <h2>{form.title[language]}</h2>
      <label className="inline">
        {t('respondentLanguage', language)}
        <select value={respondent} onChange={(event) => setRespondent(event.target.value as Language)}>
          {languages.map((code) => <option key={code} value={code}>{code}</option>)}
        </select>
      </label>
      <FormRunner
        form={form}
        language={language}
        respondentLanguage={respondent}
        draftKey={`${formId}:${session.username}`}
        submitLabel={t('submit', language)}
        onSubmit={async (answers, key) => {
          try {
            setResult(await submit(session, { path, key, label: formId, body: { formId, formVersion: form.version, language, answers } }));
          } catch (failure) {
            if (failure instanceof ApiError && failure.fields) {
              return Object.fromEntries(Object.entries(failure.fields).map(([field, message]) => [field.replace(/^answers\./, ''), message]));
            }
            throw failure;
          }
        }}
      />
    </section>
  );
}

function App() {
  const [session, setSession] = useState(loadSession());
  const [language, setLanguage] = useState<Language>((localStorage.getItem('puente:language') as Language) ?? 'es');
  const [waiting, setWaiting] = useState(outbox().length);
  // null while loading; undefined on the local host (demo users); the Cognito settings on AWS.
  const [config, setConfig] = useState<DeploymentConfig | undefined | null>(null);
  const route = useHash();
  useEffect(() => void loadConfig().then(setConfig), []);
  useEffect(() => localStorage.setItem('puente:language', language), [language]);
  useEffect(() => {
    if (!session) return;
    const flush = () => flushOutbox(session).finally(() => setWaiting(outbox().length));
    addEventListener('online', flush);
    void flush();
    return () => removeEventListener('online', flush);
  }, [session]);

  if (config === null) return null; // the API's address is not known yet
  if (!session) return <SignIn language={language} config={config} onSignIn={(signedIn) => { saveSession(signedIn); setSession(signedIn); location.hash = `#/${navigation[signedIn.role][0][0]}`; }} />;
  const [page, id] = route.split('/');
  const links = navigation[session.role] ?? [];
  const current = page || links[0]?.[0];
  return (
    <>
      <header>
        <h1>Puente</h1>
        <nav aria-label="Main">
          <ul>
            {links.map(([target, word]) => (
              <li key={target}>
                <a href={`#/${target}`} aria-current={current === target ? 'page' : undefined}>{t(word, language)}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <label className="inline">
            {t('interviewerLanguage', language)}
            <select value={language} onChange={(event) => setLanguage(event.target.value as Language)} data-testid="ui-language">
              {languages.map((code) => <option key={code} value={code}>{code}</option>)}
            </select>
          </label>
          <span>{session.username} · {session.role}</span>
          <button type="button" className="link" onClick={() => { saveSession(undefined); setSession(undefined); }}>{t('signOut', language)}</button>
        </div>
        {waiting > 0 && <p className="outbox" role="status">{waiting} {t('waiting', language)}</p>}
      </header>
      <main>
        {current === 'interview' && <Submission key="interview" session={session} language={language} formId="screening-interview" path="/screenings" kind="case" />}
        {current === 'tip' && <Submission key="tip" session={session} language={language} formId="labour-tip" path="/tips" kind="tip" />}
        {current === 'inbox' && <Inbox session={session} language={language} />}
        {current === 'cases' && !id && <Board session={session} language={language} kind="case" />}
        {current === 'cases' && id && <CasePage session={session} language={language} id={id} />}
        {current === 'tips' && !id && <Board session={session} language={language} kind="tip" />}
        {current === 'tips' && id && <TipPage session={session} language={language} id={id} />}
        {current === 'metrics' && <Metrics session={session} language={language} />}
        {current === 'organisations' && <Organisations session={session} language={language} />}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
