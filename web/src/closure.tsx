// On the case page: asking to close the case (a coordinator approves or sends it back, with a
// comment shown on the path above), and reopening a closed case, each with a reason category.
import { useState } from 'react';
import type { Language } from '../../forms/engine/types.ts';
import type { Role } from '../../system/description.ts';
import { mayUse } from '../../functions/domain/access.ts';
import { closureReasons, reopeningReasons } from '../../functions/domain/closure.ts';
import { call, describeError } from './api.ts';
import { t, term } from './i18n.ts';
import type { Session } from './session.ts';

interface CaseLifecycle {
  caseId: string;
  stage: string;
  closure?: { status: string };
}

/** A reason picked from a list, and the button that sends it; the answer in words below. */
function ReasonForm({ id, language, label, reasons, group, action, onSend }: { id: string; language: Language; label: string; reasons: readonly string[]; group: string; action: string; onSend: (reason: string) => void }) {
  const [reason, setReason] = useState(reasons[0]);
  return (
    <form className="lifecycle-form" onSubmit={(event) => (event.preventDefault(), onSend(reason))}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={reason} onChange={(event) => setReason((event.target as HTMLSelectElement).value)}>
        {reasons.map((code) => <option key={code} value={code}>{term(group, code, language)}</option>)}
      </select>
      <button type="submit">{action}</button>
    </form>
  );
}

export function ClosurePanel({ session, language, view }: { session: Session; language: Language; view: CaseLifecycle }) {
  const [message, setMessage] = useState<{ text: string; alert: boolean }>();
  const role = session.role as Role;
  const send = (path: string, reason: string, done: 'closureAsked' | 'reopenedDone') =>
    call(session, 'POST', `/cases/${view.caseId}/${path}`, { reason }).then(
      () => setMessage({ text: t(done, language), alert: false }),
      (failure: unknown) => setMessage({ text: describeError(failure, language), alert: true }),
    );
  const mayClose = view.stage !== 'closed' && view.stage !== 'erased' && view.closure?.status !== 'requested' && mayUse(role, 'POST /cases/{caseId}/closure');
  const mayReopen = view.stage === 'closed' && mayUse(role, 'POST /cases/{caseId}/reopening');
  if (!view.closure && !mayClose && !mayReopen) return null;
  return (
    <section className="panel lifecycle" aria-labelledby="closure-title" data-testid="closure">
      <h3 id="closure-title">{t('lifecycle', language)}</h3>
      {view.closure && <p data-testid="closure-status">{t('closureIs', language, { status: term('closureStatus', view.closure.status, language) })}</p>}
      {mayClose && <ReasonForm id="closure-reason" language={language} label={t('closureReason', language)} reasons={closureReasons} group="closureReason" action={t('requestClosure', language)} onSend={(reason) => void send('closure', reason, 'closureAsked')} />}
      {mayReopen && <ReasonForm id="reopening-reason" language={language} label={t('reopeningReason', language)} reasons={reopeningReasons} group="reopeningReason" action={t('reopen', language)} onSend={(reason) => void send('reopening', reason, 'reopenedDone')} />}
      {message && <p role={message.alert ? 'alert' : 'status'} className={message.alert ? 'error-summary' : 'notice'} data-testid="closure-message">{message.text}</p>}
    </section>
  );
}
