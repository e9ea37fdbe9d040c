// Reading from the API in a page: what was read belongs to the path it was read from, so moving
// from one case to another (or to one the user may not see) never shows the previous one.
import { useEffect, useState } from 'react';
import type { FormDefinition, Language } from '../../forms/engine/types.ts';
import { call, describeError, publishedForm } from './api.ts';
import { t } from './i18n.ts';
import type { Session } from './session.ts';

export function useApi<T>(session: Session, path: string | undefined, language: Language, refreshMs = 0): { data?: T; error?: string; reload: () => void } {
  const [read, setRead] = useState<{ path: string; data?: T; error?: string }>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    call<T>(session, 'GET', path).then(
      (data) => live && setRead({ path, data }),
      (failure: unknown) => live && setRead((current) => ({ path, data: current?.path === path ? current.data : undefined, error: describeError(failure, language) })),
    );
    const timer = refreshMs ? setTimeout(() => setTick((value) => value + 1), refreshMs) : undefined;
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [session, path, tick, refreshMs, language]);
  const current = read?.path === path ? read : undefined;
  return { data: current?.data, error: current?.error, reload: () => setTick((value) => value + 1) };
}

/** A published form, from the API or, offline, the copy kept on the device. */
export function usePublishedForm(session: Session, formId: string, language: Language): { form?: FormDefinition; error?: string } {
  const [read, setRead] = useState<{ formId: string; form?: FormDefinition; error?: string }>();
  useEffect(() => {
    let live = true;
    publishedForm<FormDefinition>(session, formId).then(
      (form) => live && setRead({ formId, form }),
      (failure: unknown) => live && setRead({ formId, error: describeError(failure, language) }),
    );
    return () => {
      live = false;
    };
  }, [formId, session.userId]);
  return read?.formId === formId ? read : {};
}

export function Loading({ error, language }: { error?: string; language: Language }) {
  return error ? <p role="alert" className="error-summary">{error}</p> : <p>{t('loading', language)}</p>;
}
