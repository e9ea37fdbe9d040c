// A shelter's own count of free beds (GET/PUT /organizations/{id}/beds): the one thing of its
// organisation its people change. A placement they accept takes a bed by itself; here they count
// what the app cannot know (someone left, a room closed). Saved with the version read, so a bed a
// placement took meanwhile is never given back: the page reloads and asks to count again.
import { useEffect, useState, type FormEvent } from 'react';
import type { Language } from '../../forms/engine/types.ts';
import { ApiError, call, describeError } from './api.ts';
import { t, when } from './i18n.ts';
import type { Session } from './session.ts';
import { Loading, useApi } from './use-api.tsx';

interface Beds {
  id: string;
  name: string;
  capacity: number;
  bedsFree: number;
  updatedAt: string;
  version: number;
}

export function OwnBeds({ session, language }: { session: Session; language: Language }) {
  const path = `/organizations/${session.organisationId}/beds`;
  const { data, error, reload } = useApi<Beds>(session, path, language);
  const [count, setCount] = useState('');
  const [message, setMessage] = useState<{ text: string; alert: boolean }>();
  // A version read from the server (after a save, or a placement) replaces what is in the field.
  useEffect(() => setCount(data ? String(data.bedsFree) : ''), [data?.version]);
  if (!data) return <Loading error={error} language={language} />;
  const wanted = Number(count);
  const valid = /^\d+$/.test(count.trim()) && wanted <= data.capacity;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return setMessage({ text: t('bedsRange', language, { count: data.capacity }), alert: true });
    try {
      await call(session, 'PUT', path, { bedsFree: wanted }, { 'if-match': `"${data.version}"` });
      setMessage({ text: t('saved', language), alert: false });
    } catch (failure) {
      const stale = failure instanceof ApiError && failure.status === 412;
      setMessage({ text: stale ? t('changedMeanwhile', language) : describeError(failure, language), alert: true });
    }
    reload();
  };
  return (
    <section aria-labelledby="beds-title">
      <h2 id="beds-title">{t('bedsFree', language)}</h2>
      <p>
        <strong>{data.name}</strong> · {t('capacity', language)}: {data.capacity} · {t('updated', language)}: {when(data.updatedAt, language)}
      </p>
      <p className="muted">{t('bedsIntro', language)}</p>
      <form className="own-beds" onSubmit={(event) => void save(event)} noValidate>
        <label>
          {t('bedsFree', language)}
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={data.capacity}
            step={1}
            value={count}
            aria-invalid={message?.alert && !valid ? true : undefined}
            aria-describedby="beds-range"
            onChange={(event) => setCount(event.target.value)}
            data-testid="beds-free"
          />
        </label>
        <span id="beds-range" className="hint">{t('bedsRange', language, { count: data.capacity })}</span>
        <button type="submit" className="primary">{t('save', language)}</button>
      </form>
      {message && <p role={message.alert ? 'alert' : 'status'} className={message.alert ? 'error-summary' : 'notice'} data-testid="beds-message">{message.text}</p>}
    </section>
  );
}
