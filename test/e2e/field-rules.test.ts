// The field app's pure rules, without a browser: numbers read as typed, pick-list search, messages.
import { describe, expect, test } from 'vitest';
import { readNumber } from '../../web/src/form-runner.tsx';
import { format } from '../../web/src/i18n.ts';
import { exact, fold, optionsFor, search } from '../../web/src/pick-list.tsx';

describe('numbers as typed', () => {
  test('decimals, negatives and a comma decimal read as numbers; anything else stays text for the form to refuse', () => {
    expect(readNumber('14.7033')).toBe(14.7033);
    expect(readNumber('-89.5')).toBe(-89.5);
    expect(readNumber('14,05')).toBe(14.05);
    expect(readNumber('−3')).toBe(-3);
    expect(readNumber('14.')).toBe(14);
    expect(readNumber(' ')).toBeUndefined();
    expect(readNumber('14 años')).toBe('14 años');
    expect(readNumber('1e5')).toBe('1e5');
  });
});

describe('pick-lists', () => {
  const countries = optionsFor('country', 'es');
  test('names in the user’s language, found without accents, a typed code first', () => {
    expect(fold('  Haïti ')).toBe('haiti');
    expect(search(countries, 'mexi')[0]).toEqual({ value: 'MX', name: 'México' });
    expect(search(countries, 'hn')[0].value).toBe('HN');
    expect(search(countries, 'guinea').map((option) => option.value)).toEqual(expect.arrayContaining(['GN', 'GQ', 'GW', 'PG']));
  });

  test('a text names an option only by its whole name or code', () => {
    expect(exact(countries, 'honduras')?.value).toBe('HN');
    expect(exact(countries, 'HN')?.value).toBe('HN');
    expect(exact(countries, 'Hondu')).toBeUndefined();
    expect(exact(optionsFor('language', 'fr'), 'anglais')?.value).toBe('en');
  });
});

describe('messages', () => {
  test('arguments and plural branches, exact numbers first', () => {
    const message = '{count, plural, =0 {Ningún caso} one {# caso de {who}} other {# casos de {who}}}';
    expect(format(message, 'es', { count: 0, who: 'Ana' })).toBe('Ningún caso');
    expect(format(message, 'es', { count: 1, who: 'Ana' })).toBe('1 caso de Ana');
    expect(format(message, 'es', { count: 1200, who: 'Ana' })).toBe('1200 casos de Ana');
  });
});
