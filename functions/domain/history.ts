// What a record's history says, for the people it is about and those who answer for it: the access
// log (every read and change, newest first, and whether the chain still verifies) and the subject
// access document (everything held about the person), as data and as a printable page in the
// person's language.
import type { Answers, FormDefinition, Language } from '../../forms/engine/types.ts';
import { verifyChain, type ChainHead } from './chain.ts';
import type { RecordParts } from './records.ts';

export interface History {
  /** The stored step and read entries, as stored (keys and links included). */
  entries: Record<string, any>[];
  head?: ChainHead;
}

const entryOf = (entry: Record<string, any>) => ({
  at: entry.at as string,
  type: entry.sk.startsWith('AUDIT#') ? 'read' : 'change',
  event: entry.event as string,
  ...(entry.view ? { view: entry.view } : {}),
  ...(entry.state ? { state: entry.state } : {}),
  // An export's entry says which one and how many rows (never a row).
  ...(entry.export ? { export: entry.export } : {}),
  role: entry.role ?? entry.actor?.role,
  organisationId: entry.organisationId ?? entry.actor?.organisationId,
  userId: entry.userId ?? entry.actor?.userId,
  seq: entry.seq,
});

/** Every read and change, newest first, and whether the chain verifies (and where it breaks). */
export function accessLog(history: History) {
  const verdict = verifyChain(history.entries, history.head);
  const entries = history.entries.map(entryOf).sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0) || b.at.localeCompare(a.at));
  return { ...verdict, entries };
}

/** Everything held about the person: answers, decisions, referrals, consent, timeline, and who read it. */
/** A follow-up record of the case (an imported form's submission), as the person is shown it. */
export interface FollowUpHeld {
  formId: string;
  formVersion: number;
  submittedAt: string;
  answers?: Answers;
}

/** `linkedCases`: the person's other cases (linked as the same person, not erased): their ids, each to be asked for on its own. */
export function subjectAccess(parts: RecordParts, history: History, now: string, { linkedCases = [], followUps = [] }: { linkedCases?: string[]; followUps?: FollowUpHeld[] } = {}) {
  const reads = history.entries.filter((entry) => entry.sk.startsWith('AUDIT#')).map(entryOf);
  return {
    caseId: parts.record.id,
    generatedAt: now,
    language: personLanguage(parts),
    answers: parts.submission?.answers ?? {},
    assessment: parts.record.assessment,
    consent: parts.record.consent,
    referrals: parts.tasks.map((task) => ({ kind: task.kind, status: task.status, organisationId: task.assigneeOrg, createdAt: task.createdAt, dueAt: task.dueAt, decidedAt: task.decidedAt, outcome: task.outcome, decision: task.decision })),
    timeline: parts.steps.map(({ pk: _pk, sk: _sk, prev: _prev, hash: _hash, ...step }) => step),
    followUps: followUps.map(({ formId, formVersion, submittedAt, answers }) => ({ formId, formVersion, submittedAt, answers: answers ?? {} })),
    reads,
    linkedCases,
  };
}

/** The language the person was interviewed in, where Puente speaks it; the screener's otherwise. */
export function personLanguage(parts: RecordParts): Language {
  const spoken = parts.submission?.answers.interviewLanguage;
  return (['en', 'es', 'fr', 'pt'] as const).find((code) => code === spoken) ?? ((parts.submission?.language as Language | undefined) ?? 'en');
}

const words: Record<string, Record<Language, string>> = {
  title: { en: 'What is held about you', es: 'Lo que se guarda sobre usted', fr: 'Ce qui est conservé à votre sujet', pt: 'O que está guardado sobre si' },
  answers: { en: 'Your answers', es: 'Sus respuestas', fr: 'Vos réponses', pt: 'As suas respostas' },
  referrals: { en: 'Referrals and decisions', es: 'Remisiones y decisiones', fr: 'Orientations et décisions', pt: 'Encaminhamentos e decisões' },
  consent: { en: 'Your consent, and its changes', es: 'Su consentimiento y sus cambios', fr: 'Votre consentement et ses changements', pt: 'O seu consentimento e as suas alterações' },
  reads: { en: 'Who read your record', es: 'Quién leyó su expediente', fr: 'Qui a lu votre dossier', pt: 'Quem leu o seu processo' },
  timeline: { en: 'What happened', es: 'Lo que ocurrió', fr: 'Ce qui s’est passé', pt: 'O que aconteceu' },
  linked: { en: 'Other records about you', es: 'Otros expedientes sobre usted', fr: 'Autres dossiers à votre sujet', pt: 'Outros processos sobre si' },
  followUps: { en: 'Follow-up records', es: 'Registros de seguimiento', fr: 'Fiches de suivi', pt: 'Registros de acompanhamento' },
  generated: { en: 'Prepared on', es: 'Preparado el', fr: 'Établi le', pt: 'Preparado em' },
};

const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

/** The subject access document as a printable page, labelled from the form in the person's language. */
export function subjectAccessPage(document: ReturnType<typeof subjectAccess>, form: FormDefinition | undefined): string {
  const language = document.language;
  const questions = new Map((form?.sections ?? []).flatMap((section) => section.questions).map((question) => [question.id, question]));
  const choiceLabel = (id: string, value: unknown) => {
    const list = form?.choiceLists[questions.get(id)?.choices ?? ''];
    const label = (one: unknown) => list?.find((choice) => choice.value === one)?.label[language] ?? String(one);
    return Array.isArray(value) ? value.map(label).join(', ') : label(value);
  };
  const date = (iso?: string) => (iso ? new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) : '');
  const rows = (pairs: [string, unknown][]) => pairs.map(([name, value]) => `<tr><th scope="row">${escape(name)}</th><td>${escape(value)}</td></tr>`).join('');
  const answers = Object.entries(document.answers as Answers).map(([id, value]) => [questions.get(id)?.label[language] ?? id, choiceLabel(id, value)] as [string, unknown]);
  const section = (word: string, body: string) => `<section><h2>${escape(words[word][language])}</h2>${body}</section>`;
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escape(words.title[language])}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}@media print{body{margin:0}}</style></head>
<body><h1>${escape(words.title[language])}</h1><p>${escape(words.generated[language])} ${escape(date(document.generatedAt))} · ${escape(document.caseId)}</p>
${section('answers', `<table>${rows(answers)}</table>`)}
${section('referrals', `<table>${rows(document.referrals.map((referral) => [`${referral.kind} · ${referral.organisationId}`, `${referral.status}${referral.outcome ? ` · ${referral.outcome}` : ''} ${date(referral.decidedAt ?? referral.createdAt)}`]))}</table>`)}
${section('consent', `<table>${rows((document.consent?.changes ?? []).map((change) => [date(change.at), [change.lawEnforcement, change.dataSharing].filter(Boolean).join(' · ')]))}</table>`)}
${section('followUps', `<table>${rows(document.followUps.flatMap((followUp) => [[`${followUp.formId} · ${date(followUp.submittedAt)}`, ''] as [string, unknown], ...Object.entries(followUp.answers).map(([id, value]) => [id, Array.isArray(value) ? value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ') : value] as [string, unknown])]))}</table>`)}
${section('timeline', `<table>${rows(document.timeline.map((step: Record<string, any>) => [date(step.at), [step.event, step.state].filter(Boolean).join(' ')]))}</table>`)}
${section('reads', `<table>${rows(document.reads.map((read) => [date(read.at), `${read.role} · ${read.organisationId} · ${read.view ?? ''}`]))}</table>`)}
${document.linkedCases.length ? section('linked', `<ul>${document.linkedCases.map((caseId) => `<li>${escape(caseId)}</li>`).join('')}</ul>`) : ''}
</body></html>`;
}
