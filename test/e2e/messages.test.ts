// The message catalogues (web/messages/*.json): every language has every message with the same
// arguments, plurals follow each language's rules, and every code the engine sends has words.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { taskKinds } from '../../forms/decisions/v1.ts';
import { lifecycleTaskKinds, solutionKinds } from '../../forms/decisions/lifecycle.ts';
import { closureReasons, reopeningReasons } from '../../functions/domain/closure.ts';
import { flagNames } from '../../functions/domain/assessment.ts';
import { organisationTypes } from '../../functions/domain/organisations.ts';
import { indicatorDefinitions } from '../../functions/domain/indicators.ts';
import { forms } from '../../forms/registry.ts';
import { roles } from '../../system/description.ts';
import { catalogues, format } from '../../web/src/i18n.ts';
import { indicatorCatalogues } from '../../web/src/indicator-words.ts';

const languages = ['en', 'es', 'fr', 'pt'] as const;
const { en } = catalogues;

/** Every state name of every workflow, nested branches included. */
function stateNames(): string[] {
  const names: string[] = [];
  const walk = (machine: { States: Record<string, { Branches?: unknown[] }> }) => {
    for (const [name, state] of Object.entries(machine.States)) {
      names.push(name);
      for (const branch of state.Branches ?? []) walk(branch as typeof machine);
    }
  };
  const folder = resolve(import.meta.dirname, '../../workflows');
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.asl.json'))) walk(JSON.parse(readFileSync(resolve(folder, file), 'utf8')));
  return names;
}

describe('the message catalogues', () => {
  test('every language has every message, with the same arguments, and each formats', () => {
    const keys = new Set(languages.flatMap((language) => Object.keys(catalogues[language])));
    for (const language of languages) {
      const missing = [...keys].filter((key) => !catalogues[language][key]?.trim());
      expect(missing, `missing in ${language}.json`).toEqual([]);
      for (const key of keys) {
        const argumentsOf = (message: string) => [...message.matchAll(/\{(\w+)(?:,|\})/g)].map((match) => match[1]).sort();
        expect(argumentsOf(catalogues[language][key]), `${language}.json ${key}`).toEqual(argumentsOf(en[key]));
        expect(() => format(catalogues[language][key], language, { count: 2, n: 1, total: 3, when: 'x', languages: 'x' }), `${language}.json ${key}`).not.toThrow();
      }
    }
  });

  test('plurals follow each language’s rules', () => {
    expect(format(catalogues.fr.ageYears, 'fr', { count: 1 })).toBe('1 an');
    expect(format(catalogues.fr.ageYears, 'fr', { count: 0 })).toBe('0 an');
    expect(format(catalogues.es.ageYears, 'es', { count: 0 })).toBe('0 años');
    expect(format(catalogues.es.hours, 'es', { count: 2.5 })).toBe('2,5 horas');
  });

  test('every code the engine sends has a word: workflow states, task kinds with why and what is asked, flags, organisation types, roles, delivery statuses, indicator dimensions', () => {
    const needed = [
      ...stateNames().map((name) => `state.${name}`),
      ...[...taskKinds, ...lifecycleTaskKinds].flatMap((kind) => [`task.${kind}`, `why.${kind}`, `ask.${kind}`]),
      // The case lifecycle's codes: reasons, solutions and where each stands, its stage and timeline events.
      ...closureReasons.map((reason) => `closureReason.${reason}`),
      ...reopeningReasons.map((reason) => `reopeningReason.${reason}`),
      ...solutionKinds.map((kind) => `solutionKind.${kind}`),
      ...['running', 'reached', 'not-reached', 'held', 'failed'].map((status) => `solutionStatus.${status}`),
      ...['requested', 'approved', 'rejected', 'lapsed'].map((status) => `closureStatus.${status}`),
      ...['assessing', 'approved', 'lapsed'].map((status) => `bestInterestsStatus.${status}`),
      'stage.reopened',
      ...['closure-requested', 'reopened', 'best-interests-requested', 'solution-started'].map((event) => `event.${event}`),
      ...flagNames.map((flag) => `flag.${flag}`),
      ...organisationTypes.map((type) => `orgType.${type}`),
      ...roles.map((role) => `role.${role}`),
      ...['pending', 'delivered', 'dead', 'withheld'].map((status) => `deliveryStatus.${status}`),
      ...forms.current().flatMap((form) => form.sections.flatMap((section) => section.questions)).flatMap((question) => (question.indicator ? [`dimension.${question.indicator.dimension}`] : [])),
    ];
    expect(needed.filter((key) => !(key in en))).toEqual([]);
  });

  test("the indicators page's catalogues: every language has every word with the same arguments; each indicator is named and defined, each column has words", () => {
    const keys = new Set(languages.flatMap((language) => Object.keys(indicatorCatalogues[language])));
    for (const language of languages) {
      expect([...keys].filter((key) => !indicatorCatalogues[language][key]?.trim()), `missing in indicators/${language}.json`).toEqual([]);
      for (const key of keys) {
        const argumentsOf = (message: string) => [...message.matchAll(/\{(\w+)(?:,|\})/g)].map((match) => match[1]).sort();
        expect(argumentsOf(indicatorCatalogues[language][key]), `indicators/${language}.json ${key}`).toEqual(argumentsOf(indicatorCatalogues.en[key]));
      }
    }
    const columns = indicatorDefinitions.flatMap((definition) => definition.compute({ cases: [], tips: [] }, { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' }).columns);
    const needed = [
      ...indicatorDefinitions.flatMap((definition) => [`indicator.${definition.id}`, `indicatorDefinition.${definition.id}`]),
      ...columns.filter((column) => !/^\d|\+$/.test(column)).map((column) => `indicatorColumn.${column}`),
    ];
    expect(needed.filter((key) => !keys.has(key))).toEqual([]);
  });
});
