// The request shapes of the HTTP API, in zod: handlers validate with them, and /openapi.json is
// generated from them, so the documentation cannot drift from what is enforced. Each is built on
// its first use (z.lazy), and marked pure so that esbuild leaves the shapes a function never reads
// out of its bundle: building every shape at import took a sizeable share of each cold start.
import * as z from 'zod';
import { languages } from '../../forms/engine/types.ts';
import { organisationTypes } from '../domain/organisations.ts';
import { exportPolicy } from '../domain/policy.ts';
import { eventTypes } from '../domain/webhooks.ts';
import { countryShape, periodShape } from '../domain/bulletin.ts';
import { isLanguageCode } from '../../forms/engine/places.ts';
import { solutionKinds } from '../../forms/decisions/lifecycle.ts';
import { closureReasons, reopeningReasons } from '../domain/closure.ts';

export const submission = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      formId: z.string().min(1).max(100),
      formVersion: z.number().int().positive(),
      language: z.enum(languages),
      answers: z.record(z.string(), z.unknown()),
    })
    .strict(),
);

// ---- imported forms (XLSForm) ----
export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A form id: no `@` (an event names a version `<formId>@<version>`), nothing a path or file name would trip on. */
export const formIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const formImportQuery = /* @__PURE__ */ z.lazy(() => z.object({ formId: z.string().regex(formIdPattern).optional() }).strict());
export const formSubmission = /* @__PURE__ */ z.lazy(() => z
  .object({
    /** The path's form (the web app's outbox sends it with every submission); another is refused. */
    formId: z.string().min(1).max(100).optional(),
    formVersion: z.number().int().positive(),
    language: z.enum(languages),
    answers: z.record(z.string(), z.unknown()),
    /** Attach it to this case as a follow-up record. */
    caseId: z.string().min(1).max(100).optional(),
  })
  .strict());
export const formSubmissionsExportQuery = /* @__PURE__ */ z.lazy(() => z.object({ format: z.enum(['json', 'csv']).optional(), cursor: z.string().max(2000).optional() }).strict());

export const consentChange = /* @__PURE__ */ z.lazy(() => z.object({ language: z.enum(languages), answers: z.record(z.string(), z.unknown()) }).strict());

export const decision = /* @__PURE__ */ z.lazy(() => z.record(z.string(), z.unknown()));

const isoDate = () => z.iso.datetime({ offset: true }).or(z.iso.date());

export const boardQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      stage: z.string().max(40).optional(),
      risk: z.enum(['critical', 'high', 'medium', 'low']).optional(),
      flag: z.string().max(60).optional(),
      triage: z.enum(['urgent', 'priority', 'routine', 'insufficient']).optional(),
      /** Only records where a human step went past its due time. */
      overdue: z.enum(['true']).optional(),
      updatedSince: isoDate().optional(),
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
    })
    .strict(),
);

export const formQuery = /* @__PURE__ */ z.lazy(() => z.object({ version: z.coerce.number().int().positive().optional() }).strict());

/** Why a record is erased: a category, never free text, since what remains must identify no one. */
export const erasureReasons = ['subject-request', 'retention', 'collected-in-error', 'legal-order', 'safety'] as const;
export const erasureRequest = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      reason: z.enum(erasureReasons),
      /** A case linked to others as the same person: erase them too, or this case only (unsaid: 409 LINKED_CASES naming them). */
      linkedCases: z.enum(['erase', 'keep']).optional(),
    })
    .strict(),
);

export const correctionRequest = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      /** Question id → the corrected answer, or null to remove it. */
      answers: z.record(z.string().max(100), z.unknown()).refine((answers) => Object.keys(answers).length > 0, 'correct at least one answer'),
      reason: z.string().trim().min(1).max(500),
    })
    .strict(),
);

export const legalHoldRequest = /* @__PURE__ */ z.lazy(() =>
  z
    .object({ hold: z.boolean(), reason: z.string().trim().max(300).optional() })
    .strict(),
);

export const subjectAccessQuery = /* @__PURE__ */ z.lazy(() => z.object({ format: z.enum(['json', 'html']).optional() }).strict());

export const metricsQuery = /* @__PURE__ */ z.lazy(() => z.object({ since: isoDate().optional() }).strict());

/** Exports (docs/exports.md): HTCDS cases registered in [from, to), a page at a time; the anonymised release by whole years. */
export const htcdsExportQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      from: isoDate(),
      to: isoDate().optional(),
      format: z.enum(['json', 'csv']).optional(),
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(exportPolicy.htcdsCasesPerPage).default(exportPolicy.htcdsCasesPerPage),
    })
    .strict()
    .refine((query) => !query.to || Date.parse(query.from) < Date.parse(query.to), { message: 'to must be after from', path: ['to'] }),
);

const year = () => z.coerce.number().int().min(2000).max(2999);
export const anonymisedExportQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .object({ format: z.enum(['json', 'csv']).optional(), fromYear: year().optional(), toYear: year().optional() })
    .strict()
    .refine((query) => !query.fromYear || !query.toYear || query.fromYear <= query.toYear, { message: 'toYear must not be before fromYear', path: ['toYear'] }),
);
// Indicators and the regional exchange (docs/indicators.md).
export const indicatorsQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .object({ from: isoDate(), to: isoDate(), format: z.enum(['json', 'csv']).optional() })
    .strict()
    .refine((query) => Date.parse(query.from) < Date.parse(query.to), { message: 'from must come before to', path: ['to'] }),
);
export const monthQuery = /* @__PURE__ */ z.lazy(() => z.object({ period: periodShape }).strict());
export const peerRequest = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      country: countryShape,
      name: z.string().trim().min(1).max(200),
      /** The peer's public key, as its /.well-known/jwks.json gives it; a private part (d) is refused. */
      jwk: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string().regex(/^[A-Za-z0-9_-]{43}$/), y: z.string().regex(/^[A-Za-z0-9_-]{43}$/), kid: z.string().max(100).optional(), alg: z.literal('ES256').optional(), use: z.literal('sig').optional() }).strict(),
    })
    .strict(),
);
export const bulletinImport = /* @__PURE__ */ z.lazy(() => z.object({ bulletin: z.string().min(1).max(100_000) }).strict());

export const taskQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    })
    .strict(),
);

export const organisation = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      id: z.string().regex(/^[a-z0-9-]{3,64}$/, 'lowercase letters, digits and dashes, 3 to 64'),
      name: z.string().min(1).max(200),
      type: z.enum(organisationTypes),
      country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO country code'),
      distanceRank: z.number().int().min(0).max(100_000).default(100),
      shelter: z
        .object({
          capacity: z.number().int().min(0).max(10_000),
          bedsFree: z.number().int().min(0).max(10_000),
          sexes: z.array(z.enum(['woman', 'man', 'transgender_nonconforming', 'undisclosed'])).min(1),
          ageMin: z.number().int().min(0).max(120),
          ageMax: z.number().int().min(0).max(120),
          acceptsChildren: z.boolean(),
          languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1),
        })
        .strict()
        .refine((shelter) => shelter.bedsFree <= shelter.capacity, { message: 'bedsFree cannot exceed capacity', path: ['bedsFree'] })
        .optional(),
    })
    .strict()
    .refine((org) => (org.type === 'shelter') === (org.shelter !== undefined), { message: 'a shelter, and only a shelter, has shelter details', path: ['shelter'] }),
);

export const webhookRequest = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      url: z.string().min(1).max(2048),
      events: z.array(z.enum(eventTypes)).min(1).max(eventTypes.length),
      description: z.string().max(500).optional(),
    })
    .strict(),
);
/** GET /nationalities?cases=c-…,c-…: the cases a board shows (at most 100). */
export const nationalitiesQuery = /* @__PURE__ */ z.lazy(() => z.object({ cases: z.string().regex(/^c-[a-z0-9]{1,64}(,c-[a-z0-9]{1,64}){0,99}$/, 'up to 100 case ids, separated by commas') }).strict());

/** PUT /organizations/{id}/beds: a shelter's free beds, and nothing else of it. */
export const bedsCount = /* @__PURE__ */ z.lazy(() => z.object({ bedsFree: z.number().int().min(0).max(10_000) }).strict());

interface HeaderShape {
  name: string;
  required: boolean;
  description: string;
}

const idempotencyKey: HeaderShape = { name: 'Idempotency-Key', required: true, description: 'The same on every retry of one submission (1 to 200 characters): a retry creates nothing twice.' };
const decisionKey: HeaderShape = { name: 'Idempotency-Key', required: false, description: 'The same on a retry of one decision: the first answer comes back, not a conflict (the same decider and body do too).' };
const ifMatch: HeaderShape = { name: 'If-Match', required: false, description: 'The version read (GET /organizations); the change is refused with 412 if the organisation changed since.' };
const bedsIfMatch: HeaderShape = { name: 'If-Match', required: true, description: 'The version read (GET /organizations/{id}/beds): a count made before a placement took a bed is refused with 412, never written over it.' };

// The case lifecycle (issue 16): closing and reopening with a reason category, a child's best-interests
// assessment, a durable solution with the person's informed, voluntary consent and the language it was explained in.
export const closureRequest = /* @__PURE__ */ z.lazy(() => z.object({ reason: z.enum(closureReasons) }).strict());
export const reopeningRequest = /* @__PURE__ */ z.lazy(() => z.object({ reason: z.enum(reopeningReasons) }).strict());
export const bestInterestsRequest = /* @__PURE__ */ z.lazy(() => z.object({}).strict());
export const solutionRequest = /* @__PURE__ */ z.lazy(() => z
  .object({
    kind: z.enum(solutionKinds),
    consent: z
      .object({
        informed: z.literal(true, 'the person must have been informed'),
        voluntary: z.literal(true, 'the person must agree freely'),
        language: z.string().max(12).refine(isLanguageCode, 'an ISO 639 language code, e.g. es, ht, quc'),
      })
      .strict(),
  })
  .strict());

// The case lifecycle (issue 16): free text is sealed under the case's key; ids and dates are not personal.
const organisationId = () => z.string().min(1).max(100);
const service = () => z.string().min(1).max(200);
export const planRequest = /* @__PURE__ */ z.lazy(() => z.object({ service: service(), organisationId: organisationId().optional(), dueAt: z.iso.datetime({ offset: true }).or(z.iso.date()), note: z.string().max(4000).optional() }).strict());
export const noteRequest = /* @__PURE__ */ z.lazy(() => z.object({ text: z.string().min(1).max(8000) }).strict());
export const referralRequest = /* @__PURE__ */ z.lazy(() => z.object({ organisationId: organisationId(), service: service(), reason: z.string().min(1).max(2000) }).strict());
export const transferRequest = /* @__PURE__ */ z.lazy(() => z.object({ organisationId: organisationId(), reason: z.string().min(1).max(2000) }).strict());

/** Route key → the body, query and headers it takes, for the OpenAPI document. */
export const requestShapes: Record<string, { body?: z.ZodType; query?: z.ZodType; headers?: HeaderShape[]; success?: 200 | 201; produces?: string[]; consumes?: string }> = {
  'POST /screenings': { body: submission, headers: [idempotencyKey], success: 201 },
  'POST /tips': { body: submission, headers: [idempotencyKey], success: 201 },
  'GET /forms/{formId}': { query: formQuery },
  'POST /forms/import': { query: formImportQuery, consumes: xlsxContentType, success: 201 },
  'GET /forms/{formId}/xlsform': { query: formQuery, produces: [xlsxContentType] },
  'POST /forms/{formId}/submissions': { body: formSubmission, headers: [idempotencyKey], success: 201 },
  'GET /forms/{formId}/submissions': { query: formSubmissionsExportQuery, produces: ['application/json', 'text/csv'] },
  'GET /cases': { query: boardQuery },
  'GET /tips': { query: boardQuery },
  'GET /tasks': { query: taskQuery },
  'GET /metrics': { query: metricsQuery },
  'GET /exports/htcds': { query: htcdsExportQuery, produces: ['application/json', 'text/csv'] },
  'GET /exports/anonymised': { query: anonymisedExportQuery, produces: ['application/json', 'text/csv'] },
  'GET /indicators': { query: indicatorsQuery },
  'GET /indicators/bulletin': { query: monthQuery },
  'GET /regional/indicators': { query: monthQuery },
  'POST /regional/peers': { body: peerRequest, success: 201 },
  'POST /regional/bulletins': { body: bulletinImport, success: 201 },
  'GET /cases/{caseId}/subject-access': { query: subjectAccessQuery },
  'POST /cases/{caseId}/corrections': { body: correctionRequest },
  'POST /cases/{caseId}/legal-hold': { body: legalHoldRequest },
  'POST /tips/{tipId}/legal-hold': { body: legalHoldRequest },
  'POST /cases/{caseId}/erasure': { body: erasureRequest },
  'POST /tips/{tipId}/erasure': { body: erasureRequest },
  'POST /tasks/{taskId}/decision': { body: decision, headers: [decisionKey] },
  'POST /cases/{caseId}/consent': { body: consentChange },
  'POST /organizations': { body: organisation, success: 201 },
  'PUT /organizations/{id}': { body: organisation, headers: [ifMatch] },
  'POST /webhooks': { body: webhookRequest, success: 201 },
  'PUT /organizations/{id}/beds': { body: bedsCount, headers: [bedsIfMatch] },
  'GET /nationalities': { query: nationalitiesQuery },
  'POST /cases/{caseId}/closure': { body: closureRequest, success: 201 },
  'POST /cases/{caseId}/reopening': { body: reopeningRequest },
  'POST /cases/{caseId}/best-interests': { body: bestInterestsRequest, success: 201 },
  'POST /cases/{caseId}/solutions': { body: solutionRequest, success: 201 },
  'POST /cases/{caseId}/plan': { body: planRequest, success: 201 },
  'POST /cases/{caseId}/notes': { body: noteRequest, success: 201 },
  'POST /cases/{caseId}/referrals': { body: referralRequest, success: 201 },
  'POST /cases/{caseId}/transfer': { body: transferRequest, success: 201 },
};
