// Which shelter to ask next: one with a free bed that takes the person's sex and age (children
// only where it takes children), speaking their language where possible, nearest first, never
// one already asked.
import type { Organisation } from './organisations.ts';
import { minority } from './policy.ts';
import { assessSubmission } from './assessment.ts';
import type { Answers, FormDefinition } from '../../forms/engine/types.ts';

export interface PersonToPlace {
  gender?: string;
  age?: number | null;
  treatedAsChild: boolean;
  languages: string[];
}

export function matchShelter(shelters: Organisation[], person: PersonToPlace, alreadyAsked: string[]): Organisation | undefined {
  const fits = shelters.filter((shelter) => {
    const profile = shelter.shelter;
    if (!profile || profile.bedsFree < 1 || alreadyAsked.includes(shelter.id)) return false;
    if (person.treatedAsChild && !profile.acceptsChildren) return false;
    // An adult of unknown age does not go to a shelter for children only.
    if (!person.treatedAsChild && profile.ageMax < minority.adultAge) return false;
    if (person.gender && !profile.sexes.includes(person.gender as never)) return false;
    // A person treated as a child (presumption of minority) counts as under 18, whatever the stated age.
    const age = typeof person.age === 'number' && person.treatedAsChild ? Math.min(person.age, minority.adultAge - 1) : person.age;
    return typeof age !== 'number' || (age >= profile.ageMin && age <= profile.ageMax);
  });
  const speaks = (shelter: Organisation) => person.languages.some((language) => shelter.shelter!.languages.includes(language));
  // A child goes first to a shelter for children only; a shelter for women and their children comes after.
  const forChildren = (shelter: Organisation) => person.treatedAsChild && shelter.shelter!.ageMax < minority.adultAge;
  return fits.sort(
    (a, b) => Number(forChildren(b)) - Number(forChildren(a)) || Number(speaks(b)) - Number(speaks(a)) || a.distanceRank - b.distanceRank,
  )[0];
}

/** What shelter matching needs of the person, read from the case (never carried by the workflow). */
export function personToPlace(form: FormDefinition, submission: { answers: Answers; submittedAt: string }): PersonToPlace {
  const { age, treatedAsChild } = assessSubmission(form, submission);
  return { gender: submission.answers.gender as string | undefined, age, treatedAsChild, languages: (submission.answers.languages as string[] | undefined) ?? [] };
}
