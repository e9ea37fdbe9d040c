// Every published version of every form. A version, once published, never changes: a field team
// on last month's version still submits, and stored submissions always validate against theirs.
import { consentV1 } from './consent/v1.ts';
import { decisionFormsV1 } from './decisions/v1.ts';
import { lifecycleDecisionForms } from './decisions/lifecycle.ts';
import type { FormDefinition } from './engine/types.ts';
import { labourTipV1 } from './labour-tip/v1.ts';
import { organisationV1 } from './organisation/v1.ts';
import { screeningInterviewV1 } from './screening-interview/v1.ts';

const published: FormDefinition[] = [screeningInterviewV1, labourTipV1, consentV1, organisationV1, ...Object.values(decisionFormsV1), ...Object.values(lifecycleDecisionForms)];

export class FormRegistry {
  private readonly versions = new Map<string, Map<number, FormDefinition>>();

  constructor(forms: FormDefinition[]) {
    for (const form of forms) {
      const versions = this.versions.get(form.id) ?? new Map();
      if (versions.has(form.version)) throw new Error(`${form.id} v${form.version} is published twice`);
      versions.set(form.version, form);
      this.versions.set(form.id, versions);
    }
  }

  /** The current (highest) version, or the given one. */
  get(formId: string, version?: number): FormDefinition | undefined {
    const versions = this.versions.get(formId);
    if (!versions) return undefined;
    return version === undefined ? versions.get(Math.max(...versions.keys())) : versions.get(version);
  }

  current(): FormDefinition[] {
    return [...this.versions.keys()].map((id) => this.get(id)!);
  }

  versionsOf(formId: string): number[] {
    return [...(this.versions.get(formId)?.keys() ?? [])].sort((a, b) => a - b);
  }
}

export const forms = new FormRegistry(published);
