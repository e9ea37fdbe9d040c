// The status board of cases or tips: filtered by the API (stage, risk, flag, overdue), searched and
// sorted here by what the viewer may see (reference, stage, risk, determination, age band,
// nationality, in their language). On a phone it is a list of cards, not a table wider than the screen.
// The age band comes with the board (coarse, in the clear); nationality is sealed with the interview,
// so a coordinator asks for it (GET /nationalities, each case's read audited) and it is not refreshed.
import { useEffect, useState } from 'react';
import type { Language } from '../../forms/engine/types.ts';
import type { Role } from '../../system/description.ts';
import { mayUse } from '../../functions/domain/access.ts';
import { call, describeError } from './api.ts';
import { t, term, when } from './i18n.ts';
import { fold, optionsFor } from './pick-list.tsx';
import type { Session } from './session.ts';
import { Loading, useApi } from './use-api.tsx';

interface Row {
  caseId?: string;
  tipId?: string;
  stage: string;
  riskLevel?: string;
  triage?: string;
  determination?: string;
  overdueTasks?: number;
  updatedAt: string;
  /** CTDC's band ("18-20", "48+", "unknown"). */
  ageBand?: string;
  nationality?: string;
}

const sorts = ['updated', 'risk', 'stage', 'overdue', 'reference', 'age', 'nationality'] as const;
type Sort = (typeof sorts)[number];
const riskOrder = ['critical', 'urgent', 'high', 'priority', 'medium', 'routine', 'low', 'insufficient'];
const stageOrder = ['intake', 'triaged', 'referral', 'closed', 'failed'];
const rank = (order: string[], value?: string) => (value && order.includes(value) ? order.indexOf(value) : order.length);
const byId = (row: Row) => row.caseId ?? row.tipId ?? '';
const bandStart = (row: Row) => (row.ageBand && /^\d/.test(row.ageBand) ? parseInt(row.ageBand, 10) : Infinity);

const compare: Record<Exclude<Sort, 'nationality'>, (a: Row, b: Row) => number> = {
  updated: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
  risk: (a, b) => rank(riskOrder, a.riskLevel ?? a.triage) - rank(riskOrder, b.riskLevel ?? b.triage),
  stage: (a, b) => rank(stageOrder, a.stage) - rank(stageOrder, b.stage),
  overdue: (a, b) => (b.overdueTasks ?? 0) - (a.overdueTasks ?? 0),
  reference: (a, b) => byId(a).localeCompare(byId(b)),
  age: (a, b) => bandStart(a) - bandStart(b),
};

function useNarrow(): boolean {
  const query = '(max-width: 40rem)';
  const [narrow, setNarrow] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const list = matchMedia(query);
    const update = () => setNarrow(list.matches);
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, []);
  return narrow;
}

/**
 * The nationality column, for those who may ask for it: off until asked; then read once for each
 * case listed (a hundred at a time), not again on the board's refreshes.
 */
function useNationalities(session: Session, kind: 'case' | 'tip', items: Row[], language: Language) {
  const mayAsk = kind === 'case' && mayUse(session.role as Role, 'GET /nationalities');
  const [shown, setShown] = useState(false);
  // Case id → its nationality code; '' once asked for a case that has none to give (erased, not answered).
  const [of, setOf] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const missing = shown ? items.map(byId).filter((id) => !Object.hasOwn(of, id)).slice(0, 100) : [];
  useEffect(() => {
    if (!missing.length) return;
    let live = true;
    call<{ items: Record<string, string> }>(session, 'GET', `/nationalities?cases=${missing.join(',')}`).then(
      ({ items: found }) => live && setOf((current) => ({ ...current, ...Object.fromEntries(missing.map((id) => [id, found[id] ?? ''])) })),
      (failure: unknown) => live && setError(describeError(failure, language)),
    );
    return () => {
      live = false;
    };
  }, [missing.join(',')]);
  return { mayAsk, shown, of, error, toggle: () => (setShown(!shown), setError(undefined)) };
}

export function Board({ session, language, kind }: { session: Session; language: Language; kind: 'case' | 'tip' }) {
  const [filters, setFilters] = useState({ stage: '', risk: '', flag: '', overdue: '' });
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>('updated');
  const narrow = useNarrow();
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value)).toString();
  const { data, error } = useApi<{ items: Row[] }>(session, `/${kind}s${query ? `?${query}` : ''}`, language, 4000);
  const nationalities = useNationalities(session, kind, data?.items ?? [], language);
  const countries = optionsFor('country', language);
  const nationality = (row: Row) => {
    const code = nationalities.shown ? nationalities.of[byId(row)] : undefined;
    if (!code) return undefined;
    if (code === 'stateless' || code === 'unknown') return t(code === 'stateless' ? 'stateless' : 'nationalityUnknown', language);
    return countries.find((option) => option.value === code)?.name ?? code;
  };
  const band = (row: Row) => (!row.ageBand ? '—' : row.ageBand === 'unknown' ? t('unknown', language) : row.ageBand.replace('-', '–'));
  const risk = (row: Row) => (row.riskLevel ? term('risk', row.riskLevel, language) : row.triage ? term('triage', row.triage, language) : '—');
  const cells = (row: Row) => ({
    stage: term('stage', row.stage, language),
    risk: risk(row),
    determination: row.determination ? term('determination', row.determination, language) : '—',
    overdue: row.overdueTasks ? String(row.overdueTasks) : '—',
    updated: when(row.updatedAt, language),
    age: band(row),
    nationality: nationality(row) ?? '—',
  });
  const wanted = fold(search).split(/\s+/).filter(Boolean);
  const rows = (data?.items ?? [])
    .filter((row) => {
      const text = fold([byId(row), ...Object.values(cells(row))].join(' '));
      return wanted.every((word) => text.includes(word));
    })
    .sort(sort === 'nationality' ? (a, b) => (nationality(a) ?? '\uffff').localeCompare(nationality(b) ?? '\uffff', language) : compare[sort]);
  const banded = rows.some((row) => row.ageBand !== undefined);
  type Column = keyof ReturnType<typeof cells>;
  const columns: Column[] = ['stage', 'risk', ...(kind === 'case' ? (['determination'] as const) : []), ...(banded ? (['age'] as const) : []), ...(nationalities.shown ? (['nationality'] as const) : []), 'overdue', 'updated'];
  const heading = (column: Column) => t(column === 'risk' && kind === 'tip' ? 'triage' : column === 'age' ? 'ageBand' : column, language);
  const sortOf = (column: string): Sort | undefined => (column !== 'determination' && (sorts as readonly string[]).includes(column) ? (column as Sort) : undefined);

  const select = (name: 'stage' | 'risk' | 'flag', options: string[], label: string) => (
    <label>
      {label}
      <select value={filters[name]} onChange={(event) => setFilters({ ...filters, [name]: event.target.value })}>
        <option value="">{t('all', language)}</option>
        {options.map((option) => <option key={option} value={option}>{term(name, option, language)}</option>)}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="board-title">
      <h2 id="board-title">{kind === 'case' ? t('board', language) : t('tips', language)}</h2>
      <div className="filters">
        <label className="search">
          {t('search', language)}
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} data-testid="board-search" />
        </label>
        <label>
          {t('sortBy', language)}
          <select value={sort} onChange={(event) => setSort(event.target.value as Sort)} data-testid="board-sort">
            {sorts.filter((option) => (option !== 'age' || banded) && (option !== 'nationality' || nationalities.shown)).map((option) => <option key={option} value={option}>{term('sort', option, language)}</option>)}
          </select>
        </label>
        {select('stage', kind === 'case' ? ['intake', 'referral', 'closed', 'failed'] : ['intake', 'triaged', 'closed', 'failed'], t('stage', language))}
        {kind === 'case' && select('risk', ['critical', 'high', 'medium', 'low'], t('risk', language))}
        {kind === 'case' && select('flag', ['possibleTraffickingVictim', 'internationalProtectionNeed', 'child', 'unaccompaniedChild', 'smuggledMigrant', 'strandedMigrant', 'extraContinental'], t('flag', language))}
        <label className="check">
          <input type="checkbox" checked={filters.overdue === 'true'} onChange={(event) => setFilters({ ...filters, overdue: event.target.checked ? 'true' : '' })} />
          {t('overdue', language)}
        </label>
        {nationalities.mayAsk && (
          <div className="ask-nationality">
            <button type="button" aria-pressed={nationalities.shown} aria-describedby="nationality-audited" onClick={nationalities.toggle} data-testid="show-nationality">
              {t('showNationalities', language)}
            </button>
            <span id="nationality-audited" className="hint">{t('nationalitiesAudited', language)}</span>
            {nationalities.error && <span role="alert" className="error-summary">{nationalities.error}</span>}
          </div>
        )}
      </div>
      {!data ? (
        <Loading error={error} language={language} />
      ) : (
        <>
          <p className="muted" aria-live="polite" data-testid="board-count">{t(kind === 'case' ? 'casesShown' : 'tipsShown', language, { count: rows.length })}</p>
          {narrow ? (
            <ul className="board-cards">
              {rows.map((row) => {
                const shown = cells(row);
                return (
                  <li key={byId(row)} data-id={byId(row)} className={row.overdueTasks ? 'overdue' : undefined}>
                    <a href={`#/${kind}s/${byId(row)}`}>{byId(row)}</a>
                    <dl>
                      {columns.map((column) => (
                        <div key={column} data-column={column} data-stage={column === 'stage' ? row.stage : undefined}>
                          <dt>{heading(column)}</dt>
                          <dd className={column === 'risk' ? `risk-${row.riskLevel ?? row.triage}` : undefined}>{shown[column]}</dd>
                        </div>
                      ))}
                    </dl>
                  </li>
                );
              })}
            </ul>
          ) : (
            <table className="board">
              <thead>
                <tr>
                  <th scope="col" aria-sort={sort === 'reference' ? 'ascending' : undefined}>{t('reference', language)}</th>
                  {columns.map((column) => (
                    <th key={column} scope="col" aria-sort={sort === column ? (column === 'updated' || column === 'overdue' ? 'descending' : 'ascending') : undefined}>
                      {sortOf(column) ? <button type="button" className="link" onClick={() => setSort(sortOf(column)!)}>{heading(column)}</button> : heading(column)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const shown = cells(row);
                  return (
                    <tr key={byId(row)} data-id={byId(row)}>
                      <td><a href={`#/${kind}s/${byId(row)}`}>{byId(row)}</a></td>
                      {columns.map((column) => (
                        <td key={column} data-column={column} data-stage={column === 'stage' ? row.stage : undefined} className={column === 'risk' ? `risk-${row.riskLevel ?? row.triage}` : column === 'overdue' && row.overdueTasks ? 'overdue' : undefined}>
                          {shown[column]}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
