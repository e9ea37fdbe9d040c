// The cases the bench submits: a mix that takes intake and the workflows down their real paths,
// from a light screening (no referral) to a referral-heavy one (shelter, law enforcement) and a
// separated child (asylum, guardianship).
import { likelyLabourTrafficking, screening } from '../test/helpers/api.ts';

export const caseProfiles: { name: string; answers: Record<string, unknown> }[] = [
  { name: 'light', answers: {} },
  { name: 'shelter', answers: { shelterNeeded: 'yes' } },
  { name: 'trafficking', answers: { ...likelyLabourTrafficking, shelterNeeded: 'yes', consentLawEnforcement: 'yes' } },
  { name: 'child', answers: { ageEstimate: 15, separationStatus: 'unaccompanied', fearOfReturn: 'yes', consentLawEnforcement: 'later' } },
];

/** The i-th screening of the mix. */
export const mixedScreening = (i: number) => screening(caseProfiles[i % caseProfiles.length].answers);
