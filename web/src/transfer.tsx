// Transferring a case to another team (issue 16), for the case's own team: the responsible
// organisation, a pending transfer, or the form to ask one.
import { useState, type FormEvent } from 'react';
import type { Language } from '../../forms/engine/types.ts';
import { call } from './api.ts';
import { usePartners, useSending } from './case-plan.tsx';
import { t, term } from './i18n.ts';
import type { Session } from './session.ts';

export function Transfer({ session, language, caseView, onAsked }: { session: Session; language: Language; caseView: { caseId: string; responsibleOrg?: string; pendingTransfer?: { to: string } }; onAsked?: () => void }) {
  const { caseId, responsibleOrg, pendingTransfer } = caseView;
  const teams = usePartners(session, language).filter((partner) => partner.transfer);
  const [request, setRequest] = useState({ organisationId: '', reason: '' });
  const { busy, send, messages } = useSending(language);
  if (!responsibleOrg) return null;
  const nameOf = (id: string) => teams.find((team) => team.id === id)?.name ?? id;
  const ask = async (event: FormEvent) => {
    event.preventDefault();
    if (await send(() => call(session, 'POST', `/cases/${caseId}/transfer`, request), 'transferAsked')) onAsked?.();
  };
  return (
    <section className="panel transfer" aria-labelledby="transfer-title">
      <h3 id="transfer-title">{t('transfer', language)}</h3>
      <p>
        {t('responsibleOrg', language)}: <strong data-testid="responsible-org">{nameOf(responsibleOrg)}</strong>
      </p>
      {pendingTransfer ? (
        <p role="status" data-testid="transfer-pending">{t('transferPending', language, { name: nameOf(pendingTransfer.to) })}</p>
      ) : (
        <form onSubmit={(event) => void ask(event)}>
          <p className="muted">{t('transferIntro', language)}</p>
          <label className="field">
            {t('transferOrganisation', language)}
            <select required value={request.organisationId} onChange={(event) => setRequest({ ...request, organisationId: event.currentTarget.value })}>
              <option value="">{t('choose', language)}</option>
              {teams.filter((team) => team.id !== responsibleOrg).map((team) => <option key={team.id} value={team.id}>{team.name} ({term('orgType', team.type, language)})</option>)}
            </select>
          </label>
          <label className="field">
            {t('referReason', language)}
            <textarea required maxLength={2000} value={request.reason} onInput={(event) => setRequest({ ...request, reason: event.currentTarget.value })} />
          </label>
          <button type="submit" disabled={busy}>{t('transferSend', language)}</button>
        </form>
      )}
      {messages}
    </section>
  );
}
