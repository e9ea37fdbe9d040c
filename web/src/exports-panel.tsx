// The coordination's exports (docs/exports.md): cases in HTCDS 2.0 for a period, and the
// anonymised release; each downloaded as one CSV file, however many pages the API sends it in.
import { useState, type FormEvent } from 'react';
import type { Language } from '../../forms/engine/types.ts';
import { describeError, downloadCsv } from './api.ts';
import { t } from './i18n.ts';
import type { Session } from './session.ts';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

function save(csv: string, filename: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportsPanel({ session, language }: { session: Session; language: Language }) {
  const [from, setFrom] = useState(day(-90));
  const [to, setTo] = useState(day(0));
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string>();

  const run = async (path: string, filename: string) => {
    setBusy(true);
    setStatus(undefined);
    try {
      const { csv, suppressed } = await downloadCsv(session, path);
      save(csv, filename);
      setStatus(path.startsWith('/exports/anonymised') ? t('exportSuppressed', language, { count: suppressed }) : t('exportDone', language));
    } catch (failure) {
      setStatus(describeError(failure, language));
    } finally {
      setBusy(false);
    }
  };
  const htcds = (event: FormEvent) => {
    event.preventDefault();
    // `to` is the last day included: the API's period ends before the next one.
    const until = new Date(Date.parse(to) + 86_400_000).toISOString();
    void run(`/exports/htcds?${new URLSearchParams({ from: new Date(from).toISOString(), to: until, format: 'csv' })}`, `htcds-${from}-${to}.csv`);
  };

  return (
    <section className="panel" aria-labelledby="exports-title">
      <h3 id="exports-title">{t('exports', language)}</h3>
      <p>{t('exportsIntro', language)}</p>
      <form onSubmit={htcds} className="export-period">
        <label>{t('exportFrom', language)} <input type="date" value={from} max={to} required onChange={(event) => setFrom(event.currentTarget.value)} /></label>{' '}
        <label>{t('exportTo', language)} <input type="date" value={to} min={from} required onChange={(event) => setTo(event.currentTarget.value)} /></label>{' '}
        <button type="submit" disabled={busy}>{t('exportHtcds', language)}</button>
      </form>
      <p>
        <button type="button" disabled={busy} onClick={() => void run('/exports/anonymised?format=csv', 'anonymised-release.csv')}>{t('exportAnonymised', language)}</button>
      </p>
      {status && <p role="status">{status}</p>}
    </section>
  );
}
