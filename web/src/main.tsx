// Puente's web app: one page, hash routes, the HTTP API only. Role decides the navigation.
import { lazy, StrictMode, Suspense, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { languages, type Language } from '../../forms/engine/types.ts';
import type { Role } from '../../system/description.ts';
import { mayUse } from '../../functions/domain/access.ts';
import { describeError, loadConfig, publishedForm, reachability, sessionRefused, type DeploymentConfig } from './api.ts';
import { draftId, FormRunner } from './form-runner.tsx';
import { moveLegacyStorage } from './legacy.ts';
import { t, term, type Word } from './i18n.ts';
import { enqueue, flushOutbox, loadOutbox, unsent, useOutbox } from './outbox.ts';
import { OthersWaiting, OutboxEntry, OutboxPage, type Conditions } from './outbox-page.tsx';
import { Inbox } from './inbox.tsx';
import { Loading, usePublishedForm } from './use-api.tsx';
import { Board } from './board.tsx';
import { OwnBeds } from './beds-page.tsx';
import { CasePage } from './case-page.tsx';
import { Metrics, Organisations, TipPage } from './pages.tsx';
import { Webhooks } from './webhooks-page.tsx';
import { FormImport, FormsList, ImportedForm } from './forms-page.tsx';
import { endCognitoSession, expired, finishCognitoSignIn, loadSession, renewSession, saveSession, signInLocally, startCognitoSignIn, type Session } from './session.ts';
import { removeOwned, unsealAll, writesSettled } from './vault.ts';

// Coordinators only: loaded when opened, so the screener's download does not carry it.
const IndicatorsPage = lazy(() => import('./indicators-page.tsx'));

const demoUsers = ['screener', 'inspector', 'shelter1', 'shelter2', 'shelter3', 'shelter4', 'asylum', 'childprotection', 'liaison', 'coordinator', 'admin', 'legalaid', 'health', 'psychosocial', 'familytracing', 'screener2'];

const navigation: Record<string, [string, Word][]> = {
  screener: [['interview', 'interview'], ['forms', 'forms'], ['outbox', 'outbox'], ['cases', 'board'], ['inbox', 'inbox']],
  inspector: [['tip', 'tip'], ['interview', 'interview'], ['forms', 'forms'], ['outbox', 'outbox'], ['tips', 'tips'], ['cases', 'board'], ['inbox', 'inbox']],
  shelter: [['inbox', 'inbox'], ['beds', 'bedsFree'], ['cases', 'board']],
  asylum: [['inbox', 'inbox'], ['cases', 'board']],
  'child-protection': [['inbox', 'inbox'], ['cases', 'board']],
  liaison: [['inbox', 'inbox'], ['cases', 'board'], ['tips', 'tips']],
  coordinator: [['cases', 'board'], ['tips', 'tips'], ['inbox', 'inbox'], ['metrics', 'metrics'], ['indicators', 'indicators'], ['organisations', 'organisations'], ['webhooks', 'webhooks'], ['forms', 'forms']],
  admin: [['organisations', 'organisations'], ['webhooks', 'webhooks'], ['form-import', 'formImport']],
  // Partners a case is referred to (issue 16): their referrals, and the cases they work on.
  'legal-aid': [['inbox', 'inbox'], ['cases', 'board']],
  health: [['inbox', 'inbox'], ['cases', 'board']],
  psychosocial: [['inbox', 'inbox'], ['cases', 'board']],
  'family-tracing': [['inbox', 'inbox'], ['cases', 'board']],
};

/** The route each page stands on: a page shows only where the access policy lets the role use it. */
const pageRoute: Record<string, string> = {
  interview: 'POST /screenings',
  tip: 'POST /tips',
  outbox: 'POST /screenings',
  cases: 'GET /cases',
  tips: 'GET /tips',
  inbox: 'GET /tasks',
  metrics: 'GET /metrics',
  indicators: 'GET /indicators',
  organisations: 'GET /organizations',
  webhooks: 'GET /webhooks',
  beds: 'PUT /organizations/{id}/beds',
  forms: 'POST /forms/{formId}/submissions',
  'form-import': 'POST /forms/import',
};
const pagesOf = (role: string) => (navigation[role] ?? []).filter(([page]) => mayUse(role as Role, pageRoute[page]));

/** The forms each role fills: kept on the device at sign-in, so they open offline later. */
const formsOf: Record<string, string[]> = { screener: ['screening-interview', 'labour-tip'], inspector: ['labour-tip', 'screening-interview'] };

/** Each language by its own name ("español", "français"), so a person finds theirs whatever is shown now. */
function LanguageSelect({ value, onChange, testId }: { value: Language; onChange: (language: Language) => void; testId?: string }) {
  return (
    <select value={value} onChange={(event) => onChange(event.target.value as Language)} data-testid={testId}>
      {languages.map((code) => (
        <option key={code} value={code} lang={code}>
          {new Intl.DisplayNames([code], { type: 'language' }).of(code)}
        </option>
      ))}
    </select>
  );
}

function useHash(): string {
  const [hash, setHash] = useState(location.hash.slice(2));
  useEffect(() => {
    const update = () => setHash(location.hash.slice(2));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return hash;
}

/** Whether the API can be reached: the browser's word, corrected by what requests find. */
function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    addEventListener('online', up);
    addEventListener('offline', down);
    reachability.addEventListener('reached', up);
    reachability.addEventListener('unreachable', down);
    return () => {
      removeEventListener('online', up);
      removeEventListener('offline', down);
      reachability.removeEventListener('reached', up);
      reachability.removeEventListener('unreachable', down);
    };
  }, []);
  return online;
}

/** Registers the service worker; offers the new version once one is installed and waiting (never switched mid-interview). */
function useNewVersion(): (() => void) | undefined {
  const [waiting, setWaiting] = useState<ServiceWorker>();
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    // Registered once the page has loaded: its copy of the shell does not compete with the page's own.
    const loaded = new Promise<void>((resolve) => (document.readyState === 'complete' ? resolve() : addEventListener('load', () => resolve(), { once: true })));
    loaded.then(() => navigator.serviceWorker.register('/sw.js')).then(
      (registration) => {
        const offer = () => registration.waiting && navigator.serviceWorker.controller && setWaiting(registration.waiting);
        offer();
        registration.addEventListener('updatefound', () => {
          const installing = registration.installing;
          installing?.addEventListener('statechange', () => installing.state === 'installed' && offer());
        });
        // A page left open for days still learns of a new version.
        timer = setInterval(() => void registration.update().catch(() => undefined), 60 * 60_000);
      },
      (error) => console.error('the app cannot work offline here:', error),
    );
    return () => clearInterval(timer);
  }, []);
  if (!waiting) return undefined;
  return () =>
    void writesSettled().then(() => {
      navigator.serviceWorker.addEventListener('controllerchange', () => location.reload());
      waiting.postMessage('activate');
    });
}

function NewVersion({ update, language }: { update?: () => void; language: Language }) {
  if (!update) return null;
  return (
    <p className="banner update" data-testid="new-version">
      {t('newVersion', language)} <button type="button" className="primary" onClick={update}>{t('reloadNow', language)}</button>
    </p>
  );
}

function SignIn({ onSignIn, onBack, language, onLanguage, config, ended, update }: { onSignIn: (session: Session) => void; onBack?: () => void; language: Language; onLanguage: (language: Language) => void; config?: DeploymentConfig; ended?: Session; update?: () => void }) {
  const [error, setError] = useState<string>();
  const { items } = useOutbox();
  // Signing in again is not a dead end: offline, the interview can go on and wait to be sent.
  const notice = ended && (
    <div className="notice warn" role="status" data-testid="session-ended">
      <p>{t('sessionEnded', language)}</p>
      {onBack && <button type="button" onClick={onBack}>{t('backToWork', language)}</button>}
    </div>
  );
  const waiting = <OthersWaiting items={items.filter((item) => item.state !== 'sent')} language={language} />;
  const switcher = (
    <label className="inline language-switch">
      {t('interviewerLanguage', language)}
      <LanguageSelect value={language} onChange={onLanguage} testId="ui-language" />
    </label>
  );
  if (config) {
    return (
      <main className="sign-in">
        {switcher}
        <h1>Puente</h1>
        <NewVersion update={update} language={language} />
        {notice}
        {error && <p role="alert" className="error-summary">{error}</p>}
        <button type="button" className="primary" onClick={() => void startCognitoSignIn(config)}>{t('signIn', language)}</button>
        {waiting}
      </main>
    );
  }
  return (
    <main className="sign-in">
      {switcher}
      <h1>Puente</h1>
      <NewVersion update={update} language={language} />
      {notice}
      <h2>{t('signInAs', language)}</h2>
      {error && <p role="alert" className="error-summary">{error}</p>}
      <ul className="users">
        {demoUsers.map((username) => (
          <li key={username}>
            <button type="button" onClick={() => signInLocally(username).then(onSignIn, (failure: unknown) => setError(describeError(failure, language)))}>
              {username}
            </button>
          </li>
        ))}
      </ul>
      {waiting}
    </main>
  );
}

function Submission({ session, language, formId, path, conditions, onQueued }: { session: Session; language: Language; formId: string; path: string; conditions: Conditions; onQueued: () => void }) {
  const { form, error } = usePublishedForm(session, formId, language);
  const [respondent, setRespondent] = useState<Language>(language);
  const [queued, setQueued] = useState<string>();
  const { items } = useOutbox();
  if (!form) return <Loading error={error} language={language} />;
  const item = queued ? items.find((candidate) => candidate.id === queued) : undefined;
  if (queued) {
    return (
      <section className="notice" aria-live="polite">
        <p>{t(item && item.state === 'sent' ? 'submittedHeading' : 'queuedHeading', language)}</p>
        {item && (
          <ul className="outbox-items">
            <OutboxEntry session={session} item={item} language={language} conditions={conditions} onChanged={onQueued} />
          </ul>
        )}
        {item?.state === 'sent' && formId === 'screening-interview' && <p>{t('whatNext', language)}</p>}
        <button type="button" onClick={() => setQueued(undefined)}>{t('newInterview', language)}</button>
      </section>
    );
  }
  return (
    <section>
      <h2>{form.title[language]}</h2>
      {formId === 'screening-interview' && (
        <label className="inline">
          {t('respondentLanguage', language)}
          <LanguageSelect value={respondent} onChange={setRespondent} />
        </label>
      )}
      <FormRunner
        form={form}
        language={language}
        respondentLanguage={respondent}
        owner={session.userId}
        draftKey={formId}
        submitLabel={t('submit', language)}
        onSubmit={async (answers, key) => {
          // Sealed in the outbox first, then the draft goes: at no moment is the interview nowhere.
          await enqueue(session, path, key, { formId, formVersion: form.version, language, answers });
          setQueued(key);
          onQueued();
        }}
      />
    </section>
  );
}

/** Before signing out: what would be lost (unsent items, unfinished drafts), said plainly, with a way back. */
function SignOut({ session, language, onSignedOut }: { session: Session; language: Language; onSignedOut: () => void }) {
  const { items } = useOutbox();
  const [drafts, setDrafts] = useState<number>();
  const stay = useRef<HTMLButtonElement>(null);
  const waiting = unsent(items, session.userId).length;
  const check = async () => {
    const found = await unsealAll<{ answers: Record<string, unknown> }>(draftId(session.userId, ''));
    const unfinished = found.filter((draft) => Object.keys(draft.value.answers ?? {}).length > 0).length;
    if (unfinished + waiting === 0) onSignedOut();
    else setDrafts(unfinished);
  };
  useEffect(() => stay.current?.focus(), [drafts]);
  if (drafts === undefined) return <button type="button" className="link" onClick={() => void check()}>{t('signOut', language)}</button>;
  return (
    <div role="alertdialog" aria-labelledby="sign-out-title" aria-describedby="sign-out-loss" className="confirm sign-out">
      <p id="sign-out-title"><strong>{t('signOutWarningTitle', language)}</strong></p>
      <p id="sign-out-loss">
        {waiting > 0 && <>{waiting} {t('unsentItems', language)}. </>}
        {drafts > 0 && <>{drafts} {t('unfinishedDrafts', language)}. </>}
        {t('signOutDeletes', language)}
      </p>
      <div className="actions start">
        <button type="button" ref={stay} onClick={() => setDrafts(undefined)}>{t('staySignedIn', language)}</button>
        <button type="button" className="danger" onClick={onSignedOut}>{t('deleteAndSignOut', language)}</button>
      </div>
    </div>
  );
}

function App() {
  // undefined while loading; null when signed out.
  const [session, setSession] = useState<Session | null>();
  // The token no longer works (expired, refused) and could not be renewed: sign in again to send.
  const [ended, setEnded] = useState(false);
  const [signingIn, setSigningIn] = useState(false);
  const [language, setLanguage] = useState<Language>((localStorage.getItem('puente:language') as Language) ?? 'es');
  // null while loading; undefined on the local host (demo users); the Cognito settings on AWS.
  const [config, setConfig] = useState<DeploymentConfig | undefined | null>(null);
  const { items } = useOutbox();
  const online = useOnline();
  const route = useHash();
  const update = useNewVersion();

  useEffect(() => {
    void (async () => {
      const deployment = await loadConfig();
      await moveLegacyStorage().catch((error) => console.error('could not move earlier data into the vault', error));
      await loadOutbox();
      const returning = deployment ? await finishCognitoSignIn(deployment).catch(() => undefined) : undefined;
      const kept = returning ?? (await loadSession());
      if (returning) await saveSession(returning);
      setConfig(deployment);
      setSession(kept ?? null);
    })();
  }, []);
  useEffect(() => {
    localStorage.setItem('puente:language', language);
    document.documentElement.lang = language;
  }, [language]);

  // Renew the token before it expires (Cognito), or say the session ended; likewise when the API refuses it.
  useEffect(() => {
    if (!session || config === null) return;
    let live = true;
    const renewOrEnd = async () => {
      const renewed = await renewSession(config, session);
      if (!live) return;
      if (renewed) {
        await saveSession(renewed);
        setSession(renewed);
      } else setEnded(true);
    };
    const early = session.refreshToken ? 5 * 60_000 : 0;
    if (expired(session, early)) void renewOrEnd();
    const timer = setTimeout(() => void renewOrEnd(), Math.min(2 ** 31 - 1, Math.max(0, session.expiresAt - early - Date.now())));
    const refused = (event: Event) => (event as CustomEvent).detail === session.userId && void renewOrEnd();
    sessionRefused.addEventListener('refused', refused);
    return () => {
      live = false;
      clearTimeout(timer);
      sessionRefused.removeEventListener('refused', refused);
    };
  }, [session, config]);

  const flush = () => {
    if (session && !ended) void flushOutbox(session);
  };
  useEffect(() => {
    if (!session || ended) return;
    flush();
    // Kept on the device for offline use later.
    // One after the other, the role's own form first: on a slow line they would share it and each come later.
    void (async () => {
      for (const formId of formsOf[session.role] ?? []) await publishedForm(session, formId).catch(() => undefined);
    })();
    addEventListener('online', flush);
    const retry = setInterval(flush, 30_000);
    return () => {
      removeEventListener('online', flush);
      clearInterval(retry);
    };
  }, [session, ended]);

  const signedIn = async (next: Session) => {
    await saveSession(next);
    const same = session?.userId === next.userId;
    setEnded(false);
    setSigningIn(false);
    setSession(next);
    if (!same || !location.hash) location.hash = `#/${pagesOf(next.role)[0]?.[0] ?? ''}`;
  };
  const signOut = async () => {
    if (!session) return;
    await removeOwned(session.userId, ['draft:', 'outbox:']);
    await saveSession(undefined);
    await loadOutbox();
    setSession(null);
    setEnded(false);
    location.hash = '';
    endCognitoSession(config ?? undefined);
  };
  const signInAgain = () => {
    // To the hosted sign-in and back: what was typed is on the device before the page is left.
    if (config) void writesSettled().then(() => startCognitoSignIn(config));
    else setSigningIn(true);
  };

  if (config === null || session === undefined) return null; // the API's address and the device's session are not known yet
  if (!session || signingIn) return <SignIn language={language} onLanguage={setLanguage} config={config} update={update} ended={signingIn ? session ?? undefined : undefined} onBack={() => setSigningIn(false)} onSignIn={(next) => void signedIn(next)} />;
  const [page, id] = route.split('/');
  const links = pagesOf(session.role);
  const current = page || links[0]?.[0];
  const conditions: Conditions = { online, sessionEnded: ended };
  const mine = unsent(items, session.userId);
  const refused = mine.filter((item) => item.state === 'refused').length;
  return (
    <>
      <header>
        <h1>Puente</h1>
        <nav aria-label={t('mainNavigation', language)}>
          <ul>
            {links.map(([target, word]) => (
              <li key={target}>
                <a href={`#/${target}`} aria-current={current === target ? 'page' : undefined}>
                  {t(word, language)}
                  {target === 'outbox' && mine.length > 0 && <span className="count" data-testid="outbox-count"> ({mine.length})</span>}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <label className="inline">
            {t('interviewerLanguage', language)}
            <LanguageSelect value={language} onChange={setLanguage} testId="ui-language" />
          </label>
          <span>{session.username} · {term('role', session.role, language)}</span>
          <SignOut session={session} language={language} onSignedOut={() => void signOut()} />
        </div>
        <div className="banners" aria-live="polite">
          <NewVersion update={update} language={language} />
          {!online && <p className="banner offline" data-testid="offline">{t('noConnection', language)}</p>}
          {ended && (
            <p className="banner ended" data-testid="session-ended">
              {t('sessionEnded', language)} <button type="button" className="primary" onClick={signInAgain}>{t('signInAgain', language)}</button>
            </p>
          )}
          {mine.length > 0 && (
            <p className="banner outbox" data-testid="outbox-summary">
              <a href="#/outbox">
                {mine.length - refused > 0 && <>{mine.length - refused} {t('waiting', language)}</>}
                {mine.length - refused > 0 && refused > 0 && ' · '}
                {refused > 0 && <>{refused} {t('refusedCount', language)}</>}
              </a>
            </p>
          )}
        </div>
      </header>
      <main>
        {current === 'interview' && <Submission key={`interview:${session.userId}`} session={session} language={language} formId="screening-interview" path="/screenings" conditions={conditions} onQueued={flush} />}
        {current === 'tip' && <Submission key={`tip:${session.userId}`} session={session} language={language} formId="labour-tip" path="/tips" conditions={conditions} onQueued={flush} />}
        {current === 'outbox' && <OutboxPage session={session} language={language} conditions={conditions} fixing={id} onChanged={flush} />}
        {current === 'inbox' && <Inbox session={session} language={language} />}
        {current === 'cases' && !id && <Board session={session} language={language} kind="case" />}
        {current === 'cases' && id && <CasePage session={session} language={language} id={id} />}
        {current === 'tips' && !id && <Board session={session} language={language} kind="tip" />}
        {current === 'tips' && id && <TipPage session={session} language={language} id={id} />}
        {current === 'metrics' && <Metrics session={session} language={language} />}
        {current === 'indicators' && (
          <Suspense fallback={<Loading language={language} />}>
            <IndicatorsPage session={session} language={language} />
          </Suspense>
        )}
        {current === 'organisations' && <Organisations session={session} language={language} />}
        {current === 'webhooks' && <Webhooks session={session} language={language} />}
        {current === 'beds' && <OwnBeds session={session} language={language} />}
        {current === 'forms' && !id && <FormsList session={session} language={language} />}
        {current === 'forms' && id && <ImportedForm key={`${id}:${session.userId}`} session={session} language={language} formId={decodeURIComponent(id)} onQueued={flush} />}
        {current === 'form-import' && <FormImport session={session} language={language} />}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
