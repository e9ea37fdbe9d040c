// The coordination's webhooks (docs/webhooks.md): where its organisation's events go, the secret
// shown once when a hook is made, each hook's deliveries with every attempt, and a retry.
import { useState } from 'react';
import type { Language } from '../../forms/engine/types.ts';
import { eventTypes } from '../../functions/domain/webhooks.ts';
import { ApiError, call, describeError } from './api.ts';
import { t, term, when } from './i18n.ts';
import type { Session } from './session.ts';
import { Loading, useApi } from './use-api.tsx';

interface Hook {
  id: string;
  url: string;
  events: string[];
  description?: string;
  createdAt: string;
}

export function Webhooks({ session, language }: { session: Session; language: Language }) {
  const { data, error, reload } = useApi<{ items: Hook[] }>(session, '/webhooks', language);
  const [made, setMade] = useState<{ id: string; secret: string }>();
  const [open, setOpen] = useState<string>();
  if (!data) return <Loading error={error} language={language} />;
  return (
    <section>
      <h2>{t('webhooks', language)}</h2>
      <p>{t('webhooksExplained', language)}</p>
      {made && (
        <div role="status" className="notice" data-testid="webhook-secret">
          <p>{t('webhookSecretOnce', language)}</p>
          <code>{made.secret}</code>
        </div>
      )}
      <NewWebhook session={session} language={language} onMade={(hook) => { setMade(hook); reload(); }} />
      {data.items.length === 0 ? (
        <p>{t('noWebhooks', language)}</p>
      ) : (
        <table className="board">
          <thead><tr><th scope="col">{t('webhookUrl', language)}</th><th scope="col">{t('webhookEvents', language)}</th><th scope="col">{t('webhookDescription', language)}</th><th scope="col">{t('created', language)}</th><th scope="col">{t('actions', language)}</th></tr></thead>
          <tbody>
            {data.items.map((hook) => (
              <tr key={hook.id} data-id={hook.id}>
                <td>{hook.url}</td>
                <td>{hook.events.join(', ')}</td>
                <td>{hook.description ?? '—'}</td>
                <td>{when(hook.createdAt, language)}</td>
                <td>
                  <button type="button" data-testid="show-deliveries" onClick={() => setOpen(open === hook.id ? undefined : hook.id)} aria-expanded={open === hook.id}>{t('deliveries', language)}</button>{' '}
                  <button type="button" onClick={async () => { if (confirm(t('deleteWebhookConfirm', language))) { await call(session, 'DELETE', `/webhooks/${hook.id}`); reload(); } }}>{t('deleteWebhook', language)}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <Deliveries session={session} language={language} hookId={open} />}
    </section>
  );
}

function NewWebhook({ session, language, onMade }: { session: Session; language: Language; onMade: (hook: { id: string; secret: string }) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['case.created', 'task.opened']);
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = async (event: { preventDefault: () => void }) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      onMade(await call(session, 'POST', '/webhooks', { url, events, ...(description ? { description } : {}) }));
      setUrl('');
      setDescription('');
    } catch (failure) {
      setProblem(failure instanceof ApiError && failure.status === 400 ? failure.message : describeError(failure, language));
    }
  };
  return (
    <form onSubmit={submit} className="webhook-form">
      <h3>{t('addWebhook', language)}</h3>
      {problem && <p role="alert" className="error-summary">{problem}</p>}
      <label>{t('webhookUrl', language)} <input type="url" required data-testid="webhook-url" value={url} onInput={(event) => setUrl((event.target as HTMLInputElement).value)} placeholder="https://" /></label>
      <fieldset>
        <legend>{t('webhookEvents', language)}</legend>
        {eventTypes.map((type) => (
          <label key={type} className="choice">
            <input type="checkbox" checked={events.includes(type)} onChange={() => setEvents(events.includes(type) ? events.filter((chosen) => chosen !== type) : [...events, type])} /> <code>{type}</code>
          </label>
        ))}
      </fieldset>
      <label>{t('webhookDescription', language)} <input value={description} maxLength={500} onInput={(event) => setDescription((event.target as HTMLInputElement).value)} /></label>
      <button type="submit" className="primary" data-testid="add-webhook" disabled={!events.length}>{t('addWebhook', language)}</button>
    </form>
  );
}

function Deliveries({ session, language, hookId }: { session: Session; language: Language; hookId: string }) {
  const { data, error, reload } = useApi<{ items: any[] }>(session, `/webhooks/${hookId}/deliveries`, language, 10_000);
  if (!data) return <Loading error={error} language={language} />;
  return (
    <section aria-live="polite">
      <h3>{t('deliveries', language)}</h3>
      {data.items.length === 0 ? (
        <p>{t('noDeliveries', language)}</p>
      ) : (
        <table className="board">
          <thead><tr><th scope="col">{t('webhookEvent', language)}</th><th scope="col">{t('reference', language)}</th><th scope="col">{t('status', language)}</th><th scope="col">{t('attempts', language)}</th><th scope="col">{t('actions', language)}</th></tr></thead>
          <tbody>
            {data.items.map((delivery) => (
              <tr key={delivery.deliveryId} data-id={delivery.deliveryId} data-status={delivery.status} data-attempts={delivery.attemptLog.length}>
                <td><code>{delivery.type}</code> {when(delivery.at, language)}</td>
                <td>{delivery.taskId ?? delivery.recordId}</td>
                <td>{term('deliveryStatus', delivery.status, language)}{delivery.nextAttemptAt && delivery.status === 'pending' ? ` (${when(delivery.nextAttemptAt, language)})` : ''}</td>
                <td>
                  <ul>
                    {delivery.attemptLog.map((attempt: any) => (
                      <li key={attempt.at}>{when(attempt.at, language)}: {attempt.status ?? attempt.error} · {t('milliseconds', language, { count: attempt.durationMs })}</li>
                    ))}
                  </ul>
                </td>
                <td><button type="button" data-testid="retry-delivery" onClick={async () => { await call(session, 'POST', `/webhooks/${hookId}/deliveries/${delivery.deliveryId}/retry`); reload(); }}>{t('retryDelivery', language)}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
