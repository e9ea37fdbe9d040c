// Blind index for duplicate matching: spellings of one name in Spanish and Portuguese meet;
// different names do not; the index is HMACs under the deployment key and holds no name.
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { blindIndex, blindProfile, matchingProfile, nameTokens, nameWords, type Person } from '../../../functions/domain/blind-index.ts';

describe('names to phonetic tokens', () => {
  test('accents, case, order, particles and double surnames do not count', () => {
    const expected = nameTokens('José María', 'García López');
    expect(nameTokens('JOSE MARIA', 'Lopez Garcia')).toEqual(expected);
    expect(nameTokens('José María', 'García-López')).toEqual(expected);
    expect(nameTokens('José María', 'García y López')).toEqual(expected);
    expect(nameTokens('Jose\u0301 Mari\u0301a', 'Garci\u0301a Lo\u0301pez')).toEqual(expected); // decomposed accents
    expect(nameWords('María de los Ángeles da Silva dos Santos')).toEqual(['maria', 'angeles', 'silva', 'santos']);
  });

  test.each([
    ['b/v/w', ['Valdez', 'Baldes', 'Waldez']],
    ['s/z/c/ç', ['Gonçalves', 'Gonsalves', 'Gonçalvez']],
    ['soft c', ['Cecilia', 'Sesilia', 'Cezilia']],
    ['ll/y/lh', ['Castillo', 'Castiyo', 'Castilho']],
    ['y/i', ['Yolanda', 'Iolanda']],
    ['j/g/x', ['Jiménez', 'Giménez', 'Ximénez']],
    ['silent h', ['Hernández', 'Ernandez', 'Hernandes']],
    ['ñ/nh', ['Muñoz', 'Munhoz', 'Munoz']],
    ['qu/k, final m/n', ['Joaquín', 'Joaquim', 'Joakin']],
    ['th, ph', ['Thiago', 'Tiago']],
    ['ph/f', ['Raphael', 'Rafael']],
    ['doubled letters', ['Barrios', 'Barios']],
    ['z/s', ['Luiz', 'Luis']],
    ['ção without the cedilla', ['Conceição', 'Conceicao']],
    ['y/j before e', ['Yésica', 'Jésica']],
    ['ll written l', ['Villalobos', 'Vilalobos', 'Villalovos']],
    ['-guez without its u', ['Rodríguez', 'Rodrigez', 'Rodrigues']],
    ['-nguez without its u', ['Domínguez', 'Domingez', 'Dominguez']],
  ])('%s: %j meet', (_fold, spellings) => {
    // A name with ll has two forms (ll as y, and as l): spellings meet when they share a form.
    const forms = spellings.map((spelling) => nameTokens(spelling));
    for (const form of forms) expect(form.filter((token) => forms[0].includes(token))).not.toEqual([]);
  });

  test.each([
    ['García', 'Garza'],
    ['Marta', 'María'],
    ['Guevara', 'Herrera'],
    ['Rosa', 'Rocha'],
    ['Domínguez', 'Domingo'],
    ['Rodríguez', 'Rodrigo'],
    ['Villa', 'Villalobos'],
  ])('%s and %s stay apart', (a, b) => {
    expect(nameTokens(a).filter((token) => nameTokens(b).includes(token))).toEqual([]);
  });
});

describe('blind index', () => {
  // A fixed key, so what the entries contain is the same on every run.
  const key = Buffer.alloc(32, 7);
  const person = { givenName: 'José María', familyName: 'García López', birthYear: 1998, nationality: 'hn', gender: 'man' };
  const blind = (facts: Person, withKey: Buffer = key) => blindProfile(matchingProfile(facts), withKey);
  const shared = (a: string[], b: string[]) => a.filter((entry) => b.includes(entry)).length;

  test('one entry per pair of name tokens, all HMACs; the profile holds HMACs of names, never a name', () => {
    const profile = blind(person);
    const index = blindIndex(profile, key);
    expect(index).toHaveLength(6); // 4 tokens: 6 pairs
    for (const entry of [...index, ...profile.given, ...profile.family]) expect(entry).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const text = JSON.stringify({ index, profile }).toLowerCase();
    for (const word of ['jose', 'maria', 'garsia', 'garcia', 'lopes']) expect(text).not.toContain(word);
    expect(profile).toMatchObject({ birthYear: 1998, nationality: 'HN', gender: 'man' });
  });

  test('the same person screened again, spelt another way, shares every entry; another person shares none', () => {
    const again = blindIndex(blind({ givenName: 'Jose Maria', familyName: 'Lopes Garcia' }), key);
    expect(shared(blindIndex(blind(person), key), again)).toBe(6);
    const onlySurnames = blindIndex(blind({ givenName: 'Josefina', familyName: 'Garzia Lopes' }), key);
    expect(shared(blindIndex(blind(person), key), onlySurnames)).toBe(1); // the surname pair alone
    const other = blindIndex(blind({ givenName: 'Ana', familyName: 'Pérez Núñez' }), key);
    expect(shared(blindIndex(blind(person), key), other)).toBe(0);
  });

  test('a single name is never an entry by itself: a common surname shows no frequency', () => {
    expect(blindIndex(blind({ familyName: 'García' }), key)).toEqual([]);
  });

  test('another deployment key gives unrelated entries and tokens', () => {
    expect(shared(blindIndex(blind(person), key), blindIndex(blind(person, randomBytes(32)), randomBytes(32)))).toBe(0);
    expect(shared(blind(person).given, blind(person, randomBytes(32)).given)).toBe(0);
  });
});
