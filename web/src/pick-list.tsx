// Countries and languages as searchable pick-lists: searched and shown by their names in the
// user's language (Intl.DisplayNames, no name tables shipped), answered with ISO codes. What the
// user types stays as typed; a choice is made from the list, by Enter, or by a comma in a list.
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { countryCodes } from '../../forms/engine/places.ts';
import type { Language } from '../../forms/engine/types.ts';
import { t } from './i18n.ts';

export interface Option {
  value: string;
  name: string;
}

// ISO 639-1, and the region's languages CLDR names (K'iche', Zapotec, Mapudungun, Nahuatl, Yucatec Maya);
// a code the browser cannot name is left out.
const languageCodes = (
  'aa ab af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ' +
  'ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln ' +
  'lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si ' +
  'sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu quc zap arn nah yua'
).split(' ');

/** Lower case, without accents: "México" is found by "mexico", "Haïti" by "haiti". */
export const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase().trim();

const cache = new Map<string, Option[]>();

/** Every country or language, named in `language`, sorted as that language sorts. */
export function optionsFor(kind: 'country' | 'language', language: Language): Option[] {
  const key = `${kind}:${language}`;
  if (!cache.has(key)) {
    const names = new Intl.DisplayNames([language], { type: kind === 'country' ? 'region' : 'language', fallback: 'none' });
    const codes = kind === 'country' ? [...countryCodes] : languageCodes;
    const options = codes.flatMap((value) => {
      const name = names.of(value);
      return name ? [{ value, name }] : [];
    });
    cache.set(key, options.sort((a, b) => a.name.localeCompare(b.name, language)));
  }
  return cache.get(key)!;
}

/** The options a query finds: a code typed exactly first, then names that start with it, then names that contain it. */
export function search(options: Option[], query: string, limit = 8): Option[] {
  const wanted = fold(query);
  if (!wanted) return options.slice(0, limit);
  const rank = (option: Option) => {
    const name = fold(option.name);
    if (option.value.toLowerCase() === wanted) return 0;
    if (name === wanted) return 1;
    if (name.startsWith(wanted)) return 2;
    if (name.split(/[\s(-]+/).some((word) => word.startsWith(wanted))) return 3;
    return name.includes(wanted) ? 4 : 5;
  };
  return options
    .map((option) => ({ option, rank: rank(option) }))
    .filter(({ rank }) => rank < 5)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit)
    .map(({ option }) => option);
}

/** The one option a text names without doubt: its code or its whole name. */
export function exact(options: Option[], text: string): Option | undefined {
  const wanted = fold(text);
  return wanted ? options.find((option) => option.value.toLowerCase() === wanted || fold(option.name) === wanted) : undefined;
}

interface Props {
  id: string;
  options: Option[];
  language: Language;
  /** A code, or (single) the text typed when it named no option, or (multiple) a list of codes. */
  value: string | string[] | undefined;
  multiple?: boolean;
  onChange: (value: string | string[] | undefined) => void;
  describedBy?: string;
  invalid?: boolean;
}

export function PickList({ id, options, language, value, multiple = false, onChange, describedBy, invalid }: Props) {
  const chosen = multiple ? ((value as string[] | undefined) ?? []) : [];
  const nameOf = (code: string) => options.find((option) => option.value === code)?.name ?? code;
  const [text, setText] = useState(() => (multiple || value === undefined ? '' : nameOf(value as string)));
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const found = useMemo(() => search(options.filter((option) => !chosen.includes(option.value)), text), [options, text, chosen.join()]);

  const choose = (option: Option) => {
    if (multiple) {
      onChange([...chosen, option.value]);
      setText('');
    } else {
      onChange(option.value);
      setText(option.name);
    }
    setOpen(false);
    setActive(0);
  };
  const type = (typed: string) => {
    setOpen(true);
    setActive(0);
    if (!multiple) {
      setText(typed);
      // Kept as typed; the answer is the code once the text names one option, else the text itself (the form then says to choose).
      onChange(exact(options, typed)?.value ?? (typed.trim() || undefined));
      return;
    }
    // A comma ends an item: each finished item that names an option is chosen; one that does not stays, as typed.
    const parts = typed.split(',');
    const last = parts.pop()!;
    const added: string[] = [];
    const unresolved: string[] = [];
    for (const part of parts) {
      const option = exact(options, part);
      if (option && !chosen.includes(option.value) && !added.includes(option.value)) added.push(option.value);
      else if (!option && part.trim()) unresolved.push(part.trim());
    }
    if (added.length) onChange([...chosen, ...added]);
    setText(added.length ? [...unresolved, last.trimStart()].join(', ') : typed);
  };
  const keys = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      setActive((current) => (found.length ? (current + (event.key === 'ArrowDown' ? 1 : found.length - 1)) % found.length : 0));
    } else if (event.key === 'Enter') {
      // Enter chooses; it never sends the form from here.
      event.preventDefault();
      const option = open ? found[active] : exact(options, text);
      if (option && text.trim()) choose(option);
    } else if (event.key === 'Escape') setOpen(false);
    else if (event.key === 'Backspace' && multiple && text === '' && chosen.length) onChange(chosen.slice(0, -1));
  };
  const blur = () => {
    setOpen(false);
    const option = exact(options, text);
    if (multiple && option && !chosen.includes(option.value)) choose(option);
  };

  return (
    <div className="pick-list">
      {multiple && chosen.length > 0 && (
        <ul className="chips" aria-label={t('chosen', language)}>
          {chosen.map((code) => (
            <li key={code} data-value={code}>
              {nameOf(code)}
              <button type="button" className="chip-remove" aria-label={`${t('remove', language)}: ${nameOf(code)}`} onClick={() => onChange(chosen.filter((item) => item !== code))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open && found.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && found[active] ? `${listId}-${found[active].value}` : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        value={text}
        onChange={(event) => type(event.target.value)}
        onKeyDown={keys}
        onFocus={() => setOpen(true)}
        onBlur={blur}
      />
      <ul role="listbox" id={listId} className="options" hidden={!open || found.length === 0} aria-label={t('suggestions', language)}>
        {found.map((option, index) => (
          <li
            key={option.value}
            id={`${listId}-${option.value}`}
            role="option"
            aria-selected={index === active}
            data-value={option.value}
            // Chosen on mouse down, before the input loses focus and closes the list.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(option);
            }}
          >
            {option.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
