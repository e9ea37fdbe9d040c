// The decision forms of the case lifecycle (issue 16 items 4-6): approvals (closing a case, a
// child's best-interests assessment), and the steps of a durable solution. Keyed by task kind, as
// the forms of decisions/v1.ts; an approval is always given or refused with a comment.
import { labels as L, type Choice, type FormDefinition, type Question } from '../engine/types.ts';

export const lifecycleTaskKinds = [
  'closure-approval',
  'best-interests',
  'best-interests-approval',
  'guardian-view',
  'family-tracing',
  'receiving-family-assessment',
  'child-handover',
  'return-travel',
  'solution-arrangement',
  'reintegration-follow-up',
] as const;
export type LifecycleTaskKind = (typeof lifecycleTaskKinds)[number];

/** The durable solutions (UNHCR): what a case may end in. */
export const solutionKinds = ['voluntary-return', 'local-integration', 'resettlement', 'family-reunification'] as const;
export type SolutionKind = (typeof solutionKinds)[number];

const choice = (value: string, label: ReturnType<typeof L>): Choice => ({ value, label });
const notes: Question = { id: 'notes', type: 'longText', personalData: true, label: L('Notes', 'Notas', 'Notes', 'Notas') };
const outcome = (label: ReturnType<typeof L>): Question => ({ id: 'outcome', type: 'choice', choices: 'outcome', required: true, label });

function form(kind: LifecycleTaskKind, title: ReturnType<typeof L>, questions: Question[], choiceLists: Record<string, Choice[]> = {}): FormDefinition {
  return { id: `decision-${kind}`, version: 1, published: '2026-11-29', title, sections: [{ id: 'decision', title: L('Decision', 'Decisión', 'Décision', 'Decisão'), questions }], choiceLists };
}

/** Approve or send back, always with a comment: the requester reads why. */
const approval = (kind: LifecycleTaskKind, title: ReturnType<typeof L>) =>
  form(
    kind,
    title,
    [
      outcome(L('Your decision', 'Su decisión', 'Votre décision', 'A sua decisão')),
      { id: 'comment', type: 'longText', required: true, personalData: true, label: L('Comment (the requester reads it)', 'Comentario (quien lo pidió lo leerá)', 'Commentaire (le demandeur le lira)', 'Comentário (quem pediu vai lê-lo)') },
    ],
    {
      outcome: [
        choice('approved', L('Approve', 'Aprobar', 'Approuver', 'Aprovar')),
        choice('rejected', L('Send back', 'Devolver', 'Renvoyer', 'Devolver')),
      ],
    },
  );

const recommendation = [
  ...solutionKinds.map((kind) =>
    choice(
      kind,
      {
        'voluntary-return': L('Voluntary return', 'Retorno voluntario', 'Retour volontaire', 'Regresso voluntário'),
        'local-integration': L('Local integration', 'Integración local', 'Intégration locale', 'Integração local'),
        resettlement: L('Resettlement', 'Reasentamiento', 'Réinstallation', 'Reinstalação'),
        'family-reunification': L('Family reunification', 'Reunificación familiar', 'Regroupement familial', 'Reunificação familiar'),
      }[kind],
    ),
  ),
  choice('none-yet', L('No durable solution yet', 'Aún ninguna solución duradera', 'Pas encore de solution durable', 'Ainda nenhuma solução duradoura')),
];

export const lifecycleDecisionForms: Record<LifecycleTaskKind, FormDefinition> = {
  'closure-approval': approval('closure-approval', L('Closing a case', 'Cierre de un caso', 'Clôture d’un dossier', 'Encerramento de um caso')),
  'best-interests': form(
    'best-interests',
    L('Best-interests assessment', 'Evaluación del interés superior', 'Évaluation de l’intérêt supérieur', 'Avaliação do interesse superior'),
    [
      { id: 'childHeard', type: 'yesNo', required: true, label: L('The child was heard, in a language they understand', 'Se escuchó al niño, niña o adolescente en un idioma que entiende', 'L’enfant a été entendu dans une langue qu’il comprend', 'A criança foi ouvida numa língua que compreende') },
      { id: 'recommendation', type: 'choice', choices: 'recommendation', required: true, label: L('Recommended durable solution', 'Solución duradera recomendada', 'Solution durable recommandée', 'Solução duradoura recomendada') },
      { id: 'findings', type: 'longText', required: true, personalData: true, label: L('Findings', 'Conclusiones', 'Conclusions', 'Conclusões') },
    ],
    { recommendation },
  ),
  'best-interests-approval': approval('best-interests-approval', L('Approving a best-interests assessment', 'Aprobación de una evaluación del interés superior', 'Approbation d’une évaluation de l’intérêt supérieur', 'Aprovação de uma avaliação do interesse superior')),
  'guardian-view': form(
    'guardian-view',
    L('The guardian’s view', 'La opinión del tutor', 'L’avis du tuteur', 'A opinião do tutor'),
    [
      outcome(L('Does the guardian agree with the solution?', '¿Está de acuerdo el tutor con la solución?', 'Le tuteur est-il d’accord avec la solution ?', 'O tutor concorda com a solução?')),
      { id: 'view', type: 'longText', required: true, personalData: true, label: L('The guardian’s view', 'La opinión del tutor', 'L’avis du tuteur', 'A opinião do tutor') },
    ],
    { outcome: [choice('agrees', L('Agrees', 'De acuerdo', 'D’accord', 'Concorda')), choice('disagrees', L('Disagrees', 'En desacuerdo', 'Pas d’accord', 'Não concorda'))] },
  ),
  'family-tracing': form(
    'family-tracing',
    L('Family tracing', 'Búsqueda de la familia', 'Recherche familiale', 'Localização da família'),
    [outcome(L('Was the family found?', '¿Se encontró a la familia?', 'La famille a-t-elle été retrouvée ?', 'A família foi encontrada?')), notes],
    { outcome: [choice('found', L('Found', 'Encontrada', 'Retrouvée', 'Encontrada')), choice('not-found', L('Not found', 'No encontrada', 'Pas retrouvée', 'Não encontrada'))] },
  ),
  'receiving-family-assessment': form(
    'receiving-family-assessment',
    L('Assessment of the receiving family', 'Evaluación de la familia receptora', 'Évaluation de la famille d’accueil', 'Avaliação da família de acolhimento'),
    [outcome(L('Can the family in the country of return care for the child safely?', '¿Puede la familia en el país de retorno cuidar del niño con seguridad?', 'La famille du pays de retour peut-elle prendre soin de l’enfant en sécurité ?', 'A família no país de regresso pode cuidar da criança em segurança?')), notes],
    { outcome: [choice('suitable', L('Yes, safely', 'Sí, con seguridad', 'Oui, en sécurité', 'Sim, em segurança')), choice('not-suitable', L('No', 'No', 'Non', 'Não'))] },
  ),
  'child-handover': form(
    'child-handover',
    L('Handover to the receiving child-protection authority', 'Entrega a la autoridad de protección de la infancia receptora', 'Remise à l’autorité de protection de l’enfance du pays d’accueil', 'Entrega à autoridade de proteção da infância recetora'),
    [
      outcome(L('Handover', 'Entrega', 'Remise', 'Entrega')),
      { id: 'receivingAuthority', type: 'text', required: true, label: L('Receiving authority', 'Autoridad receptora', 'Autorité d’accueil', 'Autoridade recetora') },
      notes,
    ],
    { outcome: [choice('handed-over', L('Handed over', 'Entregado', 'Remis', 'Entregue')), choice('not-handed-over', L('Not handed over', 'No entregado', 'Non remis', 'Não entregue'))] },
  ),
  'return-travel': form(
    'return-travel',
    L('Return travel', 'Viaje de retorno', 'Voyage de retour', 'Viagem de regresso'),
    [outcome(L('Did the person return?', '¿Regresó la persona?', 'La personne est-elle rentrée ?', 'A pessoa regressou?')), notes],
    { outcome: [choice('returned', L('Returned', 'Regresó', 'Rentrée', 'Regressou')), choice('cancelled', L('Cancelled', 'Cancelado', 'Annulé', 'Cancelado'))] },
  ),
  'solution-arrangement': form(
    'solution-arrangement',
    L('Arranging the durable solution', 'Gestión de la solución duradera', 'Mise en œuvre de la solution durable', 'Organização da solução duradoura'),
    [outcome(L('Was the solution reached?', '¿Se alcanzó la solución?', 'La solution a-t-elle été atteinte ?', 'A solução foi alcançada?')), notes],
    { outcome: [choice('reached', L('Reached', 'Alcanzada', 'Atteinte', 'Alcançada')), choice('not-reached', L('Not reached', 'No alcanzada', 'Pas atteinte', 'Não alcançada'))] },
  ),
  'reintegration-follow-up': form(
    'reintegration-follow-up',
    L('Reintegration follow-up', 'Seguimiento de la reintegración', 'Suivi de la réintégration', 'Acompanhamento da reintegração'),
    [outcome(L('How is the child doing?', '¿Cómo está el niño?', 'Comment va l’enfant ?', 'Como está a criança?')), notes],
    { outcome: [choice('reintegrating', L('Reintegrating well', 'Se reintegra bien', 'Se réintègre bien', 'Reintegra-se bem')), choice('concerns', L('Concerns: action needed', 'Preocupaciones: hay que actuar', 'Inquiétudes : action nécessaire', 'Preocupações: é preciso agir'))] },
  ),
};
