// What waits to be sent, in words a screener reads at a glance: waiting, sent (with the case),
// refused (with the server's reason, to fix and send again, or to discard on purpose).
import { useState } from 'react';
import type { Language } from '../../forms/engine/types.ts';
import { explain } from './api.ts';
import { FormRunner } from './form-runner.tsx';
import { t } from './i18n.ts';
import { discard, requeue, useOutbox, type OutboxItem } from './outbox.ts';
import type { Session } from './session.ts';
import { Loading, usePublishedForm } from './use-api.tsx';

export interface Conditions {
  online: boolean;
  sessionEnded: boolean;
}

/** What an item is: a tip, an interview, or a submission of an imported form (`/forms/{formId}/submissions`). */
const kindOf = (item: OutboxItem) => (item.path.startsWith('/forms/') ? 'formSubmission' : item.formId === 'labour-tip' ? 'tip' : 'interview');
const sentWord = { tip: 'sentTip', interview: 'sentCase', formSubmission: 'sentSubmission' } as const;
/** Where a sent item can be read: its tip or case (a follow-up's case); a submission on no case has no page. */
const pageOf = (item: OutboxItem) => (item.recordId?.startsWith('t-') ? 'tips' : item.recordId?.startsWith('c-') ? 'cases' : undefined);

/** The item's state in one line, the way the header and the outbox page say it. */
function stateText(item: OutboxItem, sending: boolean, conditions: Conditions, language: Language): string {
  if (item.state === 'sent') return `${t(sentWord[kindOf(item)], language)} ${item.recordId ?? ''}`;
  if (item.state === 'refused') return `${t('refused', language)}: ${explain(item.status, item.reason, Boolean(item.fields), language)}`;
  if (sending) return t('sending', language);
  if (conditions.sessionEnded) return `${t('waitingToSend', language)}: ${t('waitingForSignIn', language)}`;
  if (!conditions.online) return `${t('waitingToSend', language)}: ${t('waitingForConnection', language)}`;
  if (item.status) return `${t('waitingToSend', language)}: ${t('waitingForServer', language)}`;
  return t('waitingToSend', language);
}

/** The server's complaints, each under its question's label in the user's language. */
function RefusedFields({ session, language, formId, fields }: { session: Session; language: Language; formId: string; fields: Record<string, string> }) {
  const { form } = usePublishedForm(session, formId, language);
  const labelOf = (path: string) => {
    const id = path.replace(/^answers\./, '').split('.')[0];
    return form?.sections.flatMap((section) => section.questions).find((question) => question.id === id)?.label[language] ?? id;
  };
  return (
    <ul className="field-errors">
      {Object.entries(fields).map(([path, message]) => <li key={path}>{labelOf(path)}: {message}</li>)}
    </ul>
  );
}

export function OutboxEntry({ session, item, language, conditions, onChanged }: { session: Session; item: OutboxItem; language: Language; conditions: Conditions; onChanged: () => void }) {
  const { sending } = useOutbox();
  const [confirming, setConfirming] = useState(false);
  return (
    <li className={`outbox-item ${item.state}`} data-outbox-item={item.id} data-state={item.state}>
      <p className="outbox-title">
        <strong>{kindOf(item) === 'formSubmission' ? item.formId : t(kindOf(item) as 'tip' | 'interview', language)}</strong> · <time dateTime={item.queuedAt}>{new Date(item.queuedAt).toLocaleString(language)}</time>
      </p>
      <p className="outbox-state" data-testid="outbox-state">
        {stateText(item, sending === item.id, conditions, language)}
        {item.state === 'sent' && item.recordId && pageOf(item) && (
          <>
            {' '}
            <a href={`#/${pageOf(item)}/${item.recordId}`} data-testid="created-id">{item.recordId}</a>
          </>
        )}
      </p>
      {item.state === 'refused' && item.fields && <RefusedFields session={session} language={language} formId={item.formId} fields={item.fields} />}
      {item.state === 'refused' && (
        <div className="actions start">
          <a className="button primary" href={`#/outbox/${item.id}`}>{t('fixAndResend', language)}</a>
          <button type="button" onClick={() => void requeue(item.id).then(onChanged)}>{t('sendAgain', language)}</button>
        </div>
      )}
      {item.state !== 'sent' &&
        (confirming ? (
          <div role="alertdialog" aria-labelledby={`discard-${item.id}`} className="confirm">
            <p id={`discard-${item.id}`}>{t('discardWarning', language)}</p>
            <div className="actions start">
              <button type="button" onClick={() => setConfirming(false)} autoFocus>{t('keep', language)}</button>
              <button type="button" className="danger" onClick={() => void discard(item.id)}>{t('discardForGood', language)}</button>
            </div>
          </div>
        ) : (
          <button type="button" className="link" onClick={() => setConfirming(true)}>{t('discard', language)}</button>
        ))}
    </li>
  );
}

export function OutboxPage({ session, language, conditions, fixing, onChanged }: { session: Session; language: Language; conditions: Conditions; fixing?: string; onChanged: () => void }) {
  const { items } = useOutbox();
  const own = items.filter((item) => item.owner === session.userId);
  const others = items.filter((item) => item.owner !== session.userId && item.state !== 'sent');
  const item = own.find((candidate) => candidate.id === fixing && candidate.state === 'refused');
  if (item) return <FixSubmission session={session} language={language} item={item} onDone={onChanged} />;
  return (
    <section aria-labelledby="outbox-title">
      <h2 id="outbox-title">{t('outbox', language)}</h2>
      {own.length === 0 && <p>{t('outboxEmpty', language)}</p>}
      <ul className="outbox-items">
        {[...own].reverse().map((candidate) => (
          <OutboxEntry key={candidate.id} session={session} item={candidate} language={language} conditions={conditions} onChanged={onChanged} />
        ))}
      </ul>
      <OthersWaiting items={others} language={language} />
    </section>
  );
}

/** Another user's unsent items: that they exist and whose they are, never what they say. */
export function OthersWaiting({ items, language }: { items: OutboxItem[]; language: Language }) {
  if (items.length === 0) return null;
  const authors = [...new Set(items.map((item) => item.ownerName))].join(', ');
  return (
    <p className="others-waiting" data-testid="others-waiting">
      {items.length} {t('othersWaiting', language)} ({authors}). {t('othersWaitingHint', language)}
    </p>
  );
}

/** A refused submission, opened in its form with the server's reasons beside the fields; sent again when done. */
function FixSubmission({ session, language, item, onDone }: { session: Session; language: Language; item: OutboxItem; onDone: () => void }) {
  const { form, error } = usePublishedForm(session, item.formId, language);
  if (!form) return <Loading error={error} language={language} />;
  const fields = Object.fromEntries(Object.entries(item.fields ?? {}).map(([path, message]) => [path.replace(/^answers\./, '').split('.')[0], message]));
  return (
    <section>
      <h2>{t('fixAndResend', language)}</h2>
      <p className="error-summary" role="alert">{t('refused', language)}: {explain(item.status, item.reason, Boolean(item.fields), language)}</p>
      <FormRunner
        form={form}
        language={language}
        owner={session.userId}
        draftKey={`fix:${item.id}`}
        initialDraft={() => ({ answers: item.body?.answers ?? {}, key: item.id, section: 0 })}
        initialErrors={fields}
        submitLabel={t('sendAgain', language)}
        onSubmit={async (answers) => {
          await requeue(item.id, answers, form.version);
          location.hash = '#/outbox';
          onDone();
        }}
      />
    </section>
  );
}
