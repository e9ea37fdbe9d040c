// The coordinator's indicators (loaded only when opened: the screener's bundle does not carry it):
// each indicator with its definition, its figures as a table a screen reader reads, and bars drawn
// in SVG beside them (decoration: the numbers are in the table); a CSV download (small cells
// suppressed); and the region side by side from imported bulletins.
import { useState, type FormEvent } from 'react';
import type { FormDefinition, Language } from '../../forms/engine/types.ts';
import { describeError, download } from './api.ts';
import { localeOf, t, term } from './i18n.ts';
import { w } from './indicator-words.ts';
import type { Session } from './session.ts';
import { Loading, useApi, usePublishedForm } from './use-api.tsx';

type Value = number | string | null;
interface Table {
  id: string;
  columns: string[];
  rows: { key: string; values: Value[] }[];
}

/** The term group each indicator's rows are named by (others: the form's choices or Intl). */
const rowGroups: Record<string, string> = {
  'screened-by-determination': 'determination',
  'screened-by-profile': 'flag',
  'referrals-by-kind': 'task',
  'tips-by-triage': 'triage',
};
const rowWords = ['total', 'unassessed', 'untriaged', 'unknown', 'placement', 'asylum-answer', 'guardian-appointed', 'referrals-with-consent', 'consents-given-later', 'consents-given-in-reflection-period'];

function rowLabel(id: string, key: string, language: Language, form?: FormDefinition): string {
  if (rowWords.includes(key) && !(id === 'referrals-by-kind' && key === 'placement')) return w(`indicatorRow.${key}`, language);
  if (rowGroups[id]) return term(rowGroups[id], key, language);
  if (id === 'screened-by-nationality' && /^[A-Z]{2}$/.test(key)) return new Intl.DisplayNames([localeOf(language)], { type: 'region' }).of(key) ?? key;
  const list = id === 'screened-by-gender-and-age' ? 'gender' : id === 'screened-by-exploitation-type' ? 'exploitationTypes' : undefined;
  return (list && form?.choiceLists[list]?.find((choice) => choice.value === key)?.label[language]) || key;
}

const columnLabel = (column: string, language: Language) => (/^\d|\+$/.test(column) ? column : w(`indicatorColumn.${column}`, language));

function shown(value: Value, column: string, language: Language): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (column.includes('hours')) return t('hours', language, { count: value });
  if (column.startsWith('share')) return new Intl.NumberFormat(localeOf(language), { style: 'percent', maximumFractionDigits: 1 }).format(value);
  return value.toLocaleString(localeOf(language));
}

/** A bar for a count; a suppressed or withheld figure draws none. */
function Bar({ value, largest }: { value: Value; largest: number }) {
  const width = typeof value === 'number' && largest > 0 ? (value / largest) * 100 : 0;
  return (
    <svg className="figure-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect width={width} height="10" rx="1" />
    </svg>
  );
}

/** One indicator: its name, definition and table; bars on the first column, or (regional) on every country's. */
function Figures({ table, language, form, countries }: { table: Table; language: Language; form?: FormDefinition; countries?: string[] }) {
  const barred = (index: number) => (countries ? true : index === 0);
  const counts = table.rows.filter((row) => row.key !== 'total').flatMap((row) => row.values.filter((value, index) => barred(index) && typeof value === 'number') as number[]);
  const largest = Math.max(0, ...counts);
  const heading = `${countries ? 'regional' : 'indicator'}-${table.id}`;
  return (
    <section className="panel indicator" data-indicator={table.id}>
      <h3 id={heading}>{w(`indicator.${table.id}`, language)}</h3>
      <p className="definition">{w(`indicatorDefinition.${table.id}`, language)}</p>
      {/* Wide tables scroll on a phone: the region takes focus, so a keyboard can scroll it too. */}
      <div className="scroll" role="region" aria-labelledby={heading} tabIndex={0}>
        <table className="figures" aria-labelledby={heading}>
          <thead>
            <tr>
              <td />
              {table.columns.map((column, index) => <th key={column} scope="col">{countries?.[index] ?? columnLabel(column, language)}</th>)}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.key} className={row.key === 'total' ? 'total' : undefined}>
                <th scope="row">{rowLabel(table.id, row.key, language, form)}</th>
                {row.values.map((value, index) => (
                  <td key={table.columns[index]}>
                    {shown(value, countries ? '' : table.columns[index], language)}
                    {barred(index) && row.key !== 'total' && <Bar value={value} largest={largest} />}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function Common({ session, language, form }: { session: Session; language: Language; form?: FormDefinition }) {
  const [range, setRange] = useState({ from: `${day().slice(0, 8)}01`, to: day(1) });
  const [failure, setFailure] = useState<string>();
  const query = `from=${range.from}&to=${range.to}`;
  const { data, error } = useApi<{ indicators: Table[]; definitionsVersion: number }>(session, `/indicators?${query}`, language);
  const choose = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    setRange({ from: String(fields.get('from')), to: String(fields.get('to')) });
  };
  return (
    <section aria-labelledby="indicators-common">
      <h2 id="indicators-common">{t('indicators', language)}</h2>
      <form className="filters" onSubmit={choose}>
        <label>{w('periodFrom', language)}<input type="date" name="from" defaultValue={range.from} required /></label>
        <label>{w('periodTo', language)}<input type="date" name="to" defaultValue={range.to} required /></label>
        <button type="submit">{w('show', language)}</button>
        <button type="button" data-testid="indicators-csv" onClick={() => download(session, `/indicators?${query}&format=csv`, 'indicators.csv').catch((reason) => setFailure(describeError(reason, language)))}>
          {w('downloadCsv', language)}
        </button>
      </form>
      <p className="note">{w('smallCellsNote', language)}</p>
      {failure && <p role="alert" className="error-summary">{failure}</p>}
      {data ? data.indicators.map((table) => <Figures key={table.id} table={table} language={language} form={form} />) : <Loading error={error} language={language} />}
    </section>
  );
}

interface Region {
  countries: { country: string; name: string; own: boolean }[];
  indicators: { id: string; columns: string[]; rows: { key: string; byCountry: Record<string, Value[]> }[] }[];
}

function Regional({ session, language, form }: { session: Session; language: Language; form?: FormDefinition }) {
  const [period, setPeriod] = useState(day().slice(0, 7));
  const { data, error } = useApi<Region>(session, `/regional/indicators?period=${period}`, language);
  const country = (code: string) => new Intl.DisplayNames([localeOf(language)], { type: 'region' }).of(code) ?? code;
  return (
    <section aria-labelledby="indicators-regional" className="regional">
      <h2 id="indicators-regional">{w('regionalIndicators', language)}</h2>
      <form className="filters" onSubmit={(event) => (event.preventDefault(), setPeriod(String(new FormData(event.currentTarget).get('period'))))}>
        <label>{w('regionalMonth', language)}<input type="month" name="period" defaultValue={period} required /></label>
        <button type="submit">{w('show', language)}</button>
      </form>
      {!data ? (
        <Loading error={error} language={language} />
      ) : (
        // Each indicator's first figure (people, referrals sent, tips), a column per country.
        data.indicators.map((indicator) => (
          <Figures
            key={indicator.id}
            language={language}
            form={form}
            countries={data.countries.map((one) => `${country(one.country)}${one.own ? ` (${w('ownDeployment', language)})` : ''}`)}
            table={{ id: indicator.id, columns: data.countries.map((one) => one.country), rows: indicator.rows.map((row) => ({ key: row.key, values: data.countries.map((one) => row.byCountry[one.country]?.[0] ?? null) })) }}
          />
        ))
      )}
    </section>
  );
}

export default function IndicatorsPage({ session, language }: { session: Session; language: Language }) {
  const { form } = usePublishedForm(session, 'screening-interview', language);
  return (
    <>
      <Common session={session} language={language} form={form} />
      <Regional session={session} language={language} form={form} />
    </>
  );
}
