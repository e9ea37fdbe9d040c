// Runs any form definition: one section at a time, skip logic live (the same JsonLogic module the
// server evaluates), validation messages beside each field in the interviewer's language, a
// review page, and a draft that survives a reload.
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { choicesFor, fillLabel, holds, withCalculations, withItemCalculations } from '../../forms/engine/expressions.ts';
import { nationalityExtras } from '../../forms/engine/places.ts';
import type { Answers, FormDefinition, Language, Question, Section } from '../../forms/engine/types.ts';
import { validateAnswers } from '../../forms/engine/validation.ts';
import { describeError } from './api.ts';
import { t, term } from './i18n.ts';
import { optionsFor, PickList, type Option } from './pick-list.tsx';
import { latestWriter, unseal } from './vault.ts';

const today = () => new Date().toISOString().slice(0, 10);

export interface Draft {
  answers: Answers;
  /** The idempotency key of the submission this draft becomes: chosen once, kept on every retry. */
  key: string;
  section: number;
}

const freshDraft = (): Draft => ({ answers: {}, key: crypto.randomUUID(), section: 0 });

/** A new draft of this form: its questions' defaults (XLSForm `default`) pre-filled. */
const draftOf = (form: FormDefinition) => (): Draft => ({
  ...freshDraft(),
  answers: Object.fromEntries(form.sections.flatMap((section) => section.questions).filter((question) => question.default !== undefined).map((question) => [question.id, question.default])),
});
const writeDraft = latestWriter();

/** Drafts are their author's: another user on the same device gets their own. */
export const draftId = (owner: string, draftKey: string) => `draft:${owner}:${draftKey}`;

/** A draft sealed on the device, loaded once, written on every change (the latest write wins). */
function useDraft(owner: string, draftKey: string, initial: () => Draft) {
  const id = draftId(owner, draftKey);
  const [draft, setDraft] = useState<Draft>();
  const [writes, setWrites] = useState({ started: 0, finished: 0 });
  const current = useRef<Draft>(undefined);
  useEffect(() => {
    let live = true;
    setDraft((current.current = undefined));
    unseal<Draft>(id)
      .catch(() => undefined)
      .then((found) => live && setDraft((current.current = found ?? initial())));
    return () => {
      live = false;
    };
  }, [id]);
  const write = (next: Draft | undefined) => {
    setWrites((count) => ({ ...count, started: count.started + 1 }));
    void writeDraft(id, owner, next).then(() => setWrites((count) => ({ ...count, finished: count.finished + 1 })));
  };
  const update = (change: (draft: Draft) => Draft) => {
    if (!current.current) return;
    const next = change(current.current);
    setDraft((current.current = next));
    write(next);
  };
  const clear = () => {
    setDraft((current.current = freshDraft()));
    write(undefined);
  };
  return { draft, update, clear, saved: writes.started === writes.finished };
}

/**
 * The answers without those that skip logic no longer asks (e.g. after a gate changed to no), nor
 * choices a choice filter no longer offers (the server would refuse them).
 */
export function relevantAnswers(form: FormDefinition, answers: Answers): Answers {
  const data = withCalculations(form, answers, today());
  const kept: Answers = {};
  for (const section of form.sections) {
    if (!holds(section.relevant, data)) continue;
    for (const question of section.questions) {
      const value = offered(form, question, answers[question.id], data);
      if (holds(question.relevant, data) && value !== undefined && value !== '') kept[question.id] = value;
    }
  }
  return kept;
}

/** An answer kept to what its question offers now (a choice filter may have moved on); other answers as they are. */
function offered(form: FormDefinition, question: Question, value: unknown, scope: Answers): unknown {
  if (question.choiceFilter === undefined || value === undefined) return value;
  const names = new Set(choicesFor(form, question, scope).map((choice) => choice.value));
  if (Array.isArray(value)) return value.filter((item) => names.has(item));
  return names.has(value as string) ? value : undefined;
}

interface Props {
  form: FormDefinition;
  language: Language;
  /** The interviewee's language: labels are shown in it too, to read aloud. */
  respondentLanguage?: Language;
  /** Whose draft it is (a user id). */
  owner: string;
  draftKey: string;
  /** Where a new draft starts (e.g. a refused submission's answers, to fix). */
  initialDraft?: () => Draft;
  /** Errors to show from the start (the server's, on a refused submission). */
  initialErrors?: Record<string, string>;
  submitLabel: string;
  /** Single-section forms (decisions) skip the review page. */
  review?: boolean;
  /** The section title's heading level: 2 on a page of its own, deeper inside a card. */
  headingLevel?: 2 | 3 | 4;
  onSubmit: (answers: Answers, idempotencyKey: string) => Promise<Record<string, string> | void>;
}

export function FormRunner(props: Props) {
  const { draft, update, clear, saved } = useDraft(props.owner, props.draftKey, props.initialDraft ?? draftOf(props.form));
  if (!draft) return <p>{t('loading', props.language)}</p>;
  return <LoadedForm {...props} draft={draft} update={update} clear={clear} saved={saved} />;
}

function LoadedForm({
  form,
  language,
  respondentLanguage,
  initialErrors,
  submitLabel,
  review = true,
  headingLevel = 2,
  onSubmit,
  draft,
  update: setDraft,
  clear,
  saved,
}: Props & { draft: Draft; update: (change: (draft: Draft) => Draft) => void; clear: () => void; saved: boolean }) {
  const [errors, setErrors] = useState<Record<string, string>>(initialErrors ?? {});
  const [reviewing, setReviewing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const container = useRef<HTMLDivElement>(null);
  const [errorFocus, setErrorFocus] = useState(0);

  const data = useMemo(() => withCalculations(form, draft.answers, today()), [form, draft.answers]);
  const sections = form.sections.filter((section) => holds(section.relevant, data) && section.questions.some((question) => holds(question.relevant, data)));
  const index = Math.min(draft.section, sections.length - 1);
  const section = sections[index];

  const setAnswer = (id: string, value: unknown) =>
    setDraft((current) => {
      const answers = { ...current.answers };
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete answers[id];
      else answers[id] = value;
      return { ...current, answers };
    });

  /** Errors of the given sections only: later sections are not the interviewer's concern yet. */
  const errorsIn = (within: Section[]) => {
    const result = validateAnswers(form, relevantAnswers(form, draft.answers), language, today());
    if (result.ok) return {};
    const ids = new Set(within.flatMap((candidate) => candidate.questions.map((question) => question.id)));
    return Object.fromEntries(Object.entries(result.fields).filter(([path]) => ids.has(path.split('.')[0])));
  };

  /** The first section (of those asked) holding a question with an error. */
  const firstSectionWith = (found: Record<string, string>) =>
    sections.findIndex((candidate) => candidate.questions.some((question) => Object.keys(found).some((path) => path.split('.')[0] === question.id)));

  // A refused submission opens where the server's first complaint is.
  useEffect(() => {
    const at = initialErrors ? firstSectionWith(initialErrors) : -1;
    if (at >= 0) setDraft((current) => ({ ...current, section: at }));
  }, []);

  // A new section (or the review) starts at its top, its heading focused, as a new page would.
  const shown = useRef(`${index}:${reviewing}`);
  useEffect(() => {
    if (shown.current === `${index}:${reviewing}`) return;
    shown.current = `${index}:${reviewing}`;
    const heading = container.current?.querySelector<HTMLElement>('h2, h3, h4');
    container.current?.scrollIntoView({ block: 'start' });
    heading?.focus({ preventScroll: true });
  }, [index, reviewing]);
  // After a refused "Next", the first question in error takes the focus.
  useEffect(() => {
    if (errorFocus) focusQuestion(container.current, undefined);
  }, [errorFocus]);

  const next = () => {
    const found = errorsIn([section]);
    setErrors(found);
    if (Object.keys(found).length) {
      setErrorFocus((count) => count + 1);
      return;
    }
    if (index + 1 < sections.length) setDraft((current) => ({ ...current, section: index + 1 }));
    else if (review) setReviewing(true);
    else void send();
  };

  const send = async () => {
    const found = errorsIn(sections);
    setErrors(found);
    if (Object.keys(found).length) {
      setReviewing(false);
      const at = firstSectionWith(found);
      if (at >= 0) setDraft((current) => ({ ...current, section: at }));
      setErrorFocus((count) => count + 1);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const serverErrors = await onSubmit(relevantAnswers(form, draft.answers), draft.key);
      if (serverErrors) setErrors(serverErrors);
      else {
        clear();
        setReviewing(false);
      }
    } catch (error) {
      // Not sent and not lost: the draft stays as it is, to try again.
      setFailure(`${t('sendFailed', language)}: ${describeError(error, language)}`);
    } finally {
      setBusy(false);
    }
  };

  if (reviewing) {
    return (
      <section aria-labelledby="review-title" data-draft-saved={saved} ref={container} className="form-runner">
        <h2 id="review-title" tabIndex={-1}>{t('review', language)}</h2>
        {failure && <p role="alert" className="error-summary">{failure}</p>}
        {sections.map((candidate, sectionIndex) => (
          <div key={candidate.id} className="review-section">
            <h3>
              {candidate.title[language]}{' '}
              <button type="button" className="link" onClick={() => { setReviewing(false); setDraft((current) => ({ ...current, section: sectionIndex })); }}>
                {t('edit', language)}
              </button>
            </h3>
            <dl>
              {candidate.questions
                .filter((question) => question.type !== 'note' && holds(question.relevant, data) && draft.answers[question.id] !== undefined)
                .map((question) => (
                  <div key={question.id} className="review-row">
                    <dt>{question.label[language]}</dt>
                    <dd>{display(form, question, draft.answers[question.id], language)}</dd>
                  </div>
                ))}
            </dl>
          </div>
        ))}
        <div className="actions">
          <button type="button" onClick={() => setReviewing(false)}>{t('back', language)}</button>
          <button type="button" className="primary" disabled={busy} onClick={() => void send()} data-testid="submit">
            {submitLabel}
          </button>
        </div>
      </section>
    );
  }

  if (!section) return null;
  const asked = section.questions.filter((question) => holds(question.relevant, data));
  // Long sections read in groups: the indicators under their Delphi dimension's name.
  const grouped = new Set(asked.map((question) => question.indicator?.dimension ?? '')).size > 1;
  const labels = new Map(asked.map((question) => [question.id, question.label[language]]));
  return (
    <div ref={container} className="form-runner">
    <form onSubmit={(event) => { event.preventDefault(); next(); }} noValidate data-draft-saved={saved}>
      {sections.length > 1 && (
        <p className="progress" aria-live="polite">
          {t('sectionOf', language, { n: index + 1, total: sections.length })}
          <progress max={sections.length} value={index + 1} aria-hidden="true" />
        </p>
      )}
      <Heading level={headingLevel}>{section.title[language]}</Heading>
      {Object.keys(errors).length > 0 && (
        <div role="alert" className="error-summary" data-testid="error-summary">
          <p>{t('fixErrors', language)}</p>
          <ul>
            {Object.entries(errors).map(([path, message]) => (
              <li key={path}>
                <button type="button" className="link" onClick={() => focusQuestion(container.current, path.split('.')[0])}>
                  {labels.get(path.split('.')[0]) ?? path}: {message}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {failure && <p role="alert" className="error-summary">{failure}</p>}
      {asked.map((question, position) => (
          <Fragment key={question.id}>
          {grouped && question.indicator && question.indicator.dimension !== asked[position - 1]?.indicator?.dimension && (
            <Heading level={Math.min(headingLevel + 1, 4) as 3 | 4} className="group-heading">{term('dimension', question.indicator.dimension, language)}</Heading>
          )}
          {question.id === 'latitude' && section.questions.some((candidate) => candidate.id === 'longitude') && (
            <LocationButton language={language} onLocated={(latitude, longitude) => { setAnswer('latitude', latitude); setAnswer('longitude', longitude); }} />
          )}
          <Field
            key={question.id}
            form={form}
            question={question}
            scope={data}
            value={draft.answers[question.id]}
            error={errors[question.id] ?? Object.entries(errors).find(([path]) => path.startsWith(`${question.id}.`))?.[1]}
            language={language}
            respondentLanguage={respondentLanguage}
            onChange={(value) => setAnswer(question.id, value)}
          />
          </Fragment>
        ))}
      <div className="actions">
        {index > 0 && (
          <button type="button" onClick={() => setDraft((current) => ({ ...current, section: index - 1 }))}>
            {t('back', language)}
          </button>
        )}
        <button type="submit" className="primary" disabled={busy} data-testid="next">
          {index + 1 < sections.length || review ? (index + 1 < sections.length ? t('next', language) : t('review', language)) : submitLabel}
        </button>
      </div>
    </form>
    </div>
  );
}

/** An answer as a reader sees it: choices, countries and languages by name, dates as the reader's language writes them (numbers as typed: coordinates are not localised). */
export function display(form: FormDefinition, question: Question, value: unknown, language: Language): string {
  const picked = ['country', 'countries', 'language', 'languages'].includes(question.type) ? pickOptions(question, language) : undefined;
  const label = (choice: unknown): string => {
    if (question.type === 'yesNo') return t(choice as 'yes' | 'no' | 'unknown', language);
    if (picked) return picked.find((option) => option.value === choice)?.name ?? String(choice);
    if (question.type === 'date' && typeof choice === 'string' && !Number.isNaN(Date.parse(choice))) return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(choice));
    return form.choiceLists[question.choices ?? '']?.find((candidate) => candidate.value === choice)?.label[language] ?? String(choice);
  };
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : label(item))).join(', ');
  return label(value);
}

interface FieldProps {
  form: FormDefinition;
  question: Question;
  /** The answers and calculated values the question's choice filter and its repeat's items read. */
  scope: Answers;
  value: unknown;
  error?: string;
  language: Language;
  respondentLanguage?: Language;
  onChange: (value: unknown) => void;
  idPrefix?: string;
}

function Field({ form, question, scope, value, error, language, respondentLanguage, onChange, idPrefix = 'q' }: FieldProps) {
  const id = `${idPrefix}-${question.id}`;
  const errorId = `${id}-error`;
  const described = error ? { 'aria-describedby': errorId, 'aria-invalid': true } : {};
  const required = question.required === true;
  const label = (
    <>
      {fillLabel(question.label[language], scope)}
      {required && <span aria-hidden="true"> *</span>}
      {respondentLanguage && respondentLanguage !== language && <span className="respondent" lang={respondentLanguage}>{fillLabel(question.label[respondentLanguage], scope)}</span>}
    </>
  );
  const hint = question.hint && <span className="hint">{fillLabel(question.hint[language], scope)}</span>;
  const errorText = error && <span id={errorId} className="field-error" role="alert">{error}</span>;
  // A note is read, never answered.
  if (question.type === 'note') {
    return (
      <div className="field note" data-question={question.id}>
        <p>{fillLabel(question.label[language], scope)}</p>
        {hint}
      </div>
    );
  }
  const choices =
    question.type === 'yesNo'
      ? (['yes', 'no', 'unknown'] as const).map((choice) => ({ value: choice, text: t(choice, language) }))
      : choicesFor(form, question, scope).map((choice) => ({ value: choice.value, text: choice.label[language] }));

  if (question.type === 'choice' || question.type === 'yesNo' || question.type === 'multiChoice') {
    const many = question.type === 'multiChoice';
    const selected = many ? ((value as string[] | undefined) ?? []) : value;
    return (
      <fieldset className={`field${error ? ' invalid' : ''}`} data-question={question.id} {...described}>
        <legend>{label}</legend>
        {hint}
        <div className="choices">
          {choices.map((choice) => (
            <label key={choice.value} className="choice">
              <input
                type={many ? 'checkbox' : 'radio'}
                name={id}
                value={choice.value}
                checked={many ? (selected as string[]).includes(choice.value) : selected === choice.value}
                onChange={(event) =>
                  onChange(
                    many
                      ? event.target.checked
                        ? [...(selected as string[]), choice.value]
                        : (selected as string[]).filter((item) => item !== choice.value)
                      : choice.value,
                  )
                }
              />
              {choice.text}
            </label>
          ))}
        </div>
        {errorText}
      </fieldset>
    );
  }

  if (question.type === 'repeat') {
    const items = (value as Answers[] | undefined) ?? [];
    return (
      <fieldset className="field repeat" data-question={question.id}>
        <legend>{label}</legend>
        {items.map((item, itemIndex) => {
          // Each item is asked in its own scope: its answers and the repeat's calculations over them.
          const itemScope = withItemCalculations(question, item, scope);
          return (
          <div key={itemIndex} className="repeat-item">
            {(question.questions ?? []).filter((inner) => holds(inner.relevant, itemScope)).map((inner) => (
              <Field
                key={inner.id}
                form={form}
                question={inner}
                scope={itemScope}
                value={item[inner.id]}
                language={language}
                idPrefix={`${id}-${itemIndex}`}
                onChange={(innerValue) => {
                  const copy = items.map((candidate) => ({ ...candidate }));
                  if (innerValue === undefined || innerValue === '') delete copy[itemIndex][inner.id];
                  else copy[itemIndex][inner.id] = innerValue;
                  onChange(copy);
                }}
              />
            ))}
            <button type="button" onClick={() => onChange(items.filter((_, candidate) => candidate !== itemIndex))}>{t('remove', language)}</button>
          </div>
          );
        })}
        <button type="button" onClick={() => onChange([...items, {}])}>{t('add', language)}</button>
        {errorText}
      </fieldset>
    );
  }

  if (question.type === 'country' || question.type === 'countries' || question.type === 'language' || question.type === 'languages') {
    return (
      <div className={`field${error ? ' invalid' : ''}`} data-question={question.id}>
        <label htmlFor={id}>{label}</label>
        {hint}
        <PickList
          id={id}
          options={pickOptions(question, language)}
          language={language}
          value={value as string | string[] | undefined}
          multiple={question.type === 'countries' || question.type === 'languages'}
          onChange={onChange}
          describedBy={error ? errorId : undefined}
          invalid={Boolean(error)}
        />
        {errorText}
      </div>
    );
  }
  if (question.type === 'number') {
    return (
      <div className={`field${error ? ' invalid' : ''}`} data-question={question.id}>
        <label htmlFor={id}>{label}</label>
        {hint}
        <NumberInput id={id} name={question.id} value={value} onChange={onChange} described={described} whole={question.integer === true} />
        {errorText}
      </div>
    );
  }
  const common = { id, name: question.id, ...described, value: String(value ?? ''), onChange: (event: { target: { value: string } }) => onChange(event.target.value) };
  return (
    <div className={`field${error ? ' invalid' : ''}`} data-question={question.id}>
      <label htmlFor={id}>{label}</label>
      {hint}
      {question.type === 'longText' ? <textarea {...common} rows={4} /> : <input {...common} type={question.type === 'date' ? 'date' : 'text'} autoComplete="off" />}
      {errorText}
    </div>
  );
}

/** Fills a form's coordinates from the device's position (five decimals: about a metre). */
function LocationButton({ language, onLocated }: { language: Language; onLocated: (latitude: number, longitude: number) => void }) {
  const [state, setState] = useState<'idle' | 'locating' | 'failed'>('idle');
  if (!('geolocation' in navigator)) return null;
  const round = (degrees: number) => Math.round(degrees * 1e5) / 1e5;
  const locate = () => {
    setState('locating');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setState('idle');
        onLocated(round(position.coords.latitude), round(position.coords.longitude));
      },
      () => setState('failed'),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };
  return (
    <p className="locate">
      <button type="button" onClick={locate} disabled={state === 'locating'}>{t(state === 'locating' ? 'locating' : 'useMyLocation', language)}</button>
      {state === 'failed' && <span role="alert" className="field-error"> {t('locationFailed', language)}</span>}
    </p>
  );
}

/** A heading the runner can move focus to (tabIndex -1: focusable by script, not in the tab order). */
function Heading({ level, children, className }: { level: 2 | 3 | 4; children: string; className?: string }) {
  const Tag = (['h2', 'h3', 'h4'] as const)[level - 2];
  return <Tag tabIndex={-1} className={className}>{children}</Tag>;
}

/** Focuses a question's input (the first choice of a group), or, without an id, the first question in error. */
function focusQuestion(root: HTMLElement | null, id: string | undefined): void {
  const field = root?.querySelector<HTMLElement>(id ? `[data-question="${id}"]` : '.field.invalid, [data-question] [aria-invalid="true"]');
  const control = field?.matches('input, textarea, select') ? field : field?.querySelector<HTMLElement>('input, textarea, select');
  control?.focus();
  control?.scrollIntoView({ block: 'center' });
}

/** A number as typed ("14.05", "-89.5", "14,05"): the text is never rewritten; the answer is the number it reads as, or the text (then the form says it is not a number). */
export function readNumber(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  return /^[-+\u2212]?(\d+([.,]\d*)?|[.,]\d+)$/.test(trimmed) ? Number(trimmed.replace(',', '.').replace('\u2212', '-')) : trimmed;
}

function NumberInput({ id, name, value, onChange, described, whole }: { id: string; name: string; value: unknown; onChange: (value: unknown) => void; described: object; whole: boolean }) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  // Set from elsewhere (a location button, a reload): shown; set by typing: left as typed.
  useEffect(() => {
    if (readNumber(text) !== value) setText(value === undefined ? '' : String(value));
  }, [value]);
  return (
    <input
      id={id}
      name={name}
      {...described}
      type="text"
      inputMode={whole ? 'numeric' : 'decimal'}
      autoComplete="off"
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        onChange(readNumber(event.target.value));
      }}
    />
  );
}

const optionCache = new Map<string, Option[]>();

/** The pick-list of a country or language question; nationality may also be stateless or unknown. */
function pickOptions(question: Question, language: Language): Option[] {
  const kind = question.type === 'country' || question.type === 'countries' ? 'country' : 'language';
  if (question.id !== 'nationality') return optionsFor(kind, language);
  const key = `nationality:${language}`;
  if (!optionCache.has(key)) optionCache.set(key, [...optionsFor(kind, language), ...nationalityExtras.map((value) => ({ value, name: t(value === 'stateless' ? 'stateless' : 'nationalityUnknown', language) }))]);
  return optionCache.get(key)!;
}
