// Referring a case to a partner (issue 16), for the case's own team: pick a partner, the service
// and why; a clear message when the person has not agreed to share their data; the referrals and
// where each stands, a pending one revocable.
import { useState, type FormEvent } from 'react';
import type { Language } from '../../forms/engine/types.ts';
import { call } from './api.ts';
import { usePartners, useSending } from './case-plan.tsx';
import { t, term, when } from './i18n.ts';
import type { Session } from './session.ts';
import { useApi } from './use-api.tsx';

interface Referral {
  referralId: string;
  organisationId: string;
  service: string;
  status: string;
  createdAt: string;
}

export function PartnerReferrals({ session, language, caseView }: { session: Session; language: Language; caseView: { caseId: string; responsibleOrg?: string } }) {
  const { caseId, responsibleOrg } = caseView;
  const { data, reload } = useApi<{ items: Referral[] }>(session, responsibleOrg ? `/cases/${caseId}/referrals` : undefined, language, 10_000);
  const partners = usePartners(session, language).filter((partner) => partner.referral);
  const [referral, setReferral] = useState({ organisationId: '', service: '', reason: '' });
  const { busy, send, messages } = useSending(language, { NO_DATA_SHARING_CONSENT: 'referNoConsent' });
  if (!responsibleOrg) return null;
  const refer = async (event: FormEvent) => {
    event.preventDefault();
    if (await send(() => call(session, 'POST', `/cases/${caseId}/referrals`, referral), 'referSent')) {
      setReferral({ organisationId: '', service: '', reason: '' });
      reload();
    }
  };
  const revoke = async (referralId: string) => {
    if (await send(() => call(session, 'POST', `/cases/${caseId}/referrals/${referralId}/revocation`), 'referRevoked')) reload();
  };
  const nameOf = (id: string) => partners.find((partner) => partner.id === id)?.name ?? id;
  return (
    <section className="panel partner-referrals" aria-labelledby="refer-title">
      <h3 id="refer-title">{t('refer', language)}</h3>
      {data && data.items.length === 0 && <p>{t('referralsEmpty', language)}</p>}
      <ul className="referrals">
        {data?.items.map((item) => (
          <li key={item.referralId} data-referral-status={item.status}>
            <strong>{nameOf(item.organisationId)}</strong> · {item.service} · <time dateTime={item.createdAt}>{when(item.createdAt, language)}</time> · {term('referralStatus', item.status, language)}{' '}
            {item.status === 'pending' && <button type="button" disabled={busy} onClick={() => void revoke(item.referralId)}>{t('referRevoke', language)}</button>}
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void refer(event)}>
        <label className="field">
          {t('referOrganisation', language)}
          <select required value={referral.organisationId} onChange={(event) => setReferral({ ...referral, organisationId: event.currentTarget.value })}>
            <option value="">{t('choose', language)}</option>
            {partners.map((partner) => <option key={partner.id} value={partner.id}>{partner.name} ({term('orgType', partner.type, language)})</option>)}
          </select>
        </label>
        <label className="field">
          {t('referService', language)}
          <input required maxLength={200} value={referral.service} onInput={(event) => setReferral({ ...referral, service: event.currentTarget.value })} />
        </label>
        <label className="field">
          {t('referReason', language)}
          <textarea required maxLength={2000} value={referral.reason} onInput={(event) => setReferral({ ...referral, reason: event.currentTarget.value })} />
        </label>
        <button type="submit" className="primary" disabled={busy}>{t('referSend', language)}</button>
      </form>
      {messages}
    </section>
  );
}
