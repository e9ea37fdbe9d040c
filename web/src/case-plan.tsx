// The case's plan and notes, for the case's own team (issue 16): planned services and who follows
// each up by when (due and overdue shown), a form to add one, and the team's sealed notes, read
// only when asked for (each read is on the case's access log).
import { useState, type FormEvent } from 'react';
import type { Language } from '../../forms/engine/types.ts';
import { call, describeError } from './api.ts';
import { relative, t, term, when, type Word } from './i18n.ts';
import type { Session } from './session.ts';
import { useApi } from './use-api.tsx';

export interface Partner {
  id: string;
  name: string;
  type: string;
  referral: boolean;
  transfer: boolean;
}

/** The organisations the case's team may plan with, refer to or transfer to. */
export const usePartners = (session: Session, language: Language) => useApi<{ items: Partner[] }>(session, '/partners', language).data?.items ?? [];

/** A form's sending: busy while it goes, then a notice or the refusal in the reader's words (`refusals` by code). */
export function useSending(language: Language, refusals: Record<string, Word> = {}) {
  const [state, setState] = useState<{ busy?: boolean; notice?: string; error?: string }>({});
  async function send(action: () => Promise<unknown>, done: Word): Promise<boolean> {
    setState({ busy: true });
    try {
      await action();
      setState({ notice: t(done, language) });
      return true;
    } catch (failure) {
      const code = (failure as { code?: string }).code;
      setState({ error: code && refusals[code] ? t(refusals[code], language) : describeError(failure, language) });
      return false;
    }
  }
  const messages = (
    <>
      {state.notice && <p role="status" className="notice">{state.notice}</p>}
      {state.error && <p role="alert" className="error-summary">{state.error}</p>}
    </>
  );
  return { busy: !!state.busy, send, messages };
}

interface PlannedService {
  planId: string;
  service: string;
  organisationId: string;
  dueAt: string;
  status: string;
  overdue: boolean;
  note?: string;
}

/** The Plan panel: only the case's team gets a view with `responsibleOrg`, so only it sees this. */
export function CasePlan({ session, language, caseView }: { session: Session; language: Language; caseView: { caseId: string; responsibleOrg?: string; stage: string } }) {
  const { caseId, responsibleOrg } = caseView;
  const { data, reload } = useApi<{ items: PlannedService[] }>(session, responsibleOrg ? `/cases/${caseId}/plan` : undefined, language, 10_000);
  const partners = usePartners(session, language);
  const [entry, setEntry] = useState({ service: '', organisationId: '', dueAt: '', note: '' });
  const { busy, send, messages } = useSending(language);
  if (!responsibleOrg) return null;
  const nameOf = (id: string) => (id === responsibleOrg ? t('planOwnTeam', language) : (partners.find((partner) => partner.id === id)?.name ?? id));
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const body = { service: entry.service, dueAt: new Date(`${entry.dueAt}T12:00:00`).toISOString(), ...(entry.organisationId ? { organisationId: entry.organisationId } : {}), ...(entry.note ? { note: entry.note } : {}) };
    if (await send(() => call(session, 'POST', `/cases/${caseId}/plan`, body), 'planAdded')) {
      setEntry({ service: '', organisationId: '', dueAt: '', note: '' });
      reload();
    }
  };
  return (
    <section className="panel case-plan" aria-labelledby="plan-title">
      <h3 id="plan-title">{t('plan', language)}</h3>
      <p className="muted">{t('planIntro', language)}</p>
      {data && data.items.length === 0 && <p>{t('planEmpty', language)}</p>}
      <ul className="plan">
        {data?.items.map((item) => (
          <li key={item.planId} className={item.overdue ? 'overdue' : item.status === 'planned' ? 'waiting' : 'done'} data-plan-status={item.overdue ? 'overdue' : item.status}>
            <strong>{item.service}</strong> · {nameOf(item.organisationId)} · <time dateTime={item.dueAt}>{when(item.dueAt, language)}</time> ({relative(item.dueAt, language)}) ·{' '}
            {term('planStatus', item.overdue ? 'overdue' : item.status, language)}
            {item.note && <p className="muted">{item.note}</p>}
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void add(event)} className="plan-form">
        <label className="field">
          {t('planService', language)}
          <input required maxLength={200} value={entry.service} onInput={(event) => setEntry({ ...entry, service: event.currentTarget.value })} />
        </label>
        <label className="field">
          {t('planOrganisation', language)}
          <select value={entry.organisationId} onChange={(event) => setEntry({ ...entry, organisationId: event.currentTarget.value })}>
            <option value="">{t('planOwnTeam', language)}</option>
            {partners.filter((partner) => partner.id !== responsibleOrg).map((partner) => <option key={partner.id} value={partner.id}>{partner.name} ({term('orgType', partner.type, language)})</option>)}
          </select>
        </label>
        <label className="field">
          {t('planDueAt', language)}
          <input type="date" required value={entry.dueAt} onInput={(event) => setEntry({ ...entry, dueAt: event.currentTarget.value })} />
        </label>
        <label className="field">
          {t('planNote', language)}
          <textarea maxLength={4000} value={entry.note} onInput={(event) => setEntry({ ...entry, note: event.currentTarget.value })} />
        </label>
        <button type="submit" className="primary" disabled={busy}>{t('planAdd', language)}</button>
      </form>
      {messages}
      <CaseNotes session={session} language={language} caseId={caseId} />
    </section>
  );
}

/** The team's notes: read only when opened (a read of the person, audited), a note added in a line. */
function CaseNotes({ session, language, caseId }: { session: Session; language: Language; caseId: string }) {
  const [open, setOpen] = useState(false);
  const { data, reload } = useApi<{ items: { text: string; at: string }[] }>(session, open ? `/cases/${caseId}/notes` : undefined, language);
  const [text, setText] = useState('');
  const { busy, send, messages } = useSending(language);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await send(() => call(session, 'POST', `/cases/${caseId}/notes`, { text }), 'saved')) {
      setText('');
      setOpen(true);
      reload();
    }
  };
  return (
    <div className="case-notes">
      <h4>{t('notes', language)}</h4>
      <p className="muted">{t('notesIntro', language)}</p>
      {!open && <button type="button" onClick={() => setOpen(true)}>{t('showNotes', language)}</button>}
      {open && data && (data.items.length ? <ul>{data.items.map((note) => <li key={note.at}><time dateTime={note.at}>{when(note.at, language)}</time> {note.text}</li>)}</ul> : <p>{t('notesEmpty', language)}</p>)}
      <form onSubmit={(event) => void add(event)}>
        <label className="field">
          {t('noteText', language)}
          <textarea required maxLength={8000} value={text} onInput={(event) => setText(event.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy}>{t('noteAdd', language)}</button>
      </form>
      {messages}
    </div>
  );
}
