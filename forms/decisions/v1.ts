// The decision forms behind each human task (POST /tasks/{taskId}/decision), keyed by task kind.
import { labels as L, type Choice, type FormDefinition, type Question, type Section } from '../engine/types.ts';
import { screeningInterviewV1 } from '../screening-interview/v1.ts';

export const taskKinds = [
  'placement',
  'asylum-referral',
  'guardianship',
  'liaison-referral',
  'consent-review',
  'escalation',
  'determination-review',
  'inspection',
  'more-information',
  'duplicate-review',
  'child-protection-notice',
  'follow-up',
  'partner-referral',
  'transfer',
] as const;
export type TaskKind = (typeof taskKinds)[number];

const choice = (value: string, label: ReturnType<typeof L>): Choice => ({ value, label });
const notes: Question = { id: 'notes', type: 'longText', personalData: true, label: L('Notes', 'Notas', 'Notes', 'Notas') };

function decisionForm(kind: TaskKind, title: ReturnType<typeof L>, questions: Question[], choiceLists: Record<string, Choice[]>): FormDefinition {
  const section: Section = { id: 'decision', title: L('Decision', 'Decisión', 'Décision', 'Decisão'), questions };
  return { id: `decision-${kind}`, version: 1, published: '2026-11-28', title, sections: [section], choiceLists };
}

const whenOutcome = (value: string) => ({ '==': [{ var: 'outcome' }, value] });
const profile = screeningInterviewV1.sections.find((section) => section.id === 'profile')!.questions;
const fromProfile = (id: string) => profile.find((question) => question.id === id)!;

export const decisionFormsV1: Record<TaskKind, FormDefinition> = {
  placement: decisionForm(
    'placement',
    L('Placement request', 'Solicitud de acogida', 'Demande d’hébergement', 'Pedido de acolhimento'),
    [
      { id: 'outcome', type: 'choice', choices: 'outcome', required: true, label: L('Can you take this person?', '¿Puede acoger a esta persona?', 'Pouvez-vous accueillir cette personne ?', 'Pode acolher esta pessoa?') },
      { id: 'reason', type: 'text', required: whenOutcome('declined'), label: L('Reason', 'Motivo', 'Motif', 'Motivo') },
    ],
    {
      outcome: [
        choice('accepted', L('Accepted', 'Aceptada', 'Acceptée', 'Aceite')),
        choice('declined', L('Declined', 'Rechazada', 'Refusée', 'Recusada')),
      ],
    },
  ),
  'asylum-referral': decisionForm(
    'asylum-referral',
    L('Asylum referral', 'Remisión al procedimiento de asilo', 'Orientation vers l’asile', 'Encaminhamento para asilo'),
    [
      { id: 'outcome', type: 'choice', choices: 'outcome', required: true, label: L('Outcome', 'Resultado', 'Résultat', 'Resultado') },
      { id: 'claimReference', type: 'text', label: L('Claim reference', 'Número de solicitud', 'Référence de la demande', 'Referência do pedido') },
      notes,
    ],
    {
      outcome: [
        choice('registered', L('Claim registered', 'Solicitud registrada', 'Demande enregistrée', 'Pedido registado')),
        choice('recognised', L('Refugee status recognised', 'Condición de refugiado reconocida', 'Statut de réfugié reconnu', 'Estatuto de refugiado reconhecido')),
        choice('rejected', L('Claim rejected', 'Solicitud rechazada', 'Demande rejetée', 'Pedido rejeitado')),
        choice('not_applicable', L('Not applicable', 'No corresponde', 'Sans objet', 'Não aplicável')),
      ],
    },
  ),
  guardianship: decisionForm(
    'guardianship',
    L('Guardianship and best interests', 'Tutela e interés superior', 'Tutelle et intérêt supérieur', 'Tutela e interesse superior'),
    [
      { id: 'guardianAppointed', type: 'yesNo', required: true, label: L('A guardian was appointed', 'Se designó un tutor', 'Un tuteur a été désigné', 'Foi nomeado um tutor') },
      { id: 'guardianName', type: 'text', personalData: true, relevant: { '==': [{ var: 'guardianAppointed' }, 'yes'] }, label: L('Guardian', 'Tutor', 'Tuteur', 'Tutor') },
      { id: 'bestInterestsAssessmentOpened', type: 'yesNo', required: true, label: L('A best-interests assessment was opened', 'Se abrió una evaluación del interés superior', 'Une évaluation de l’intérêt supérieur a été ouverte', 'Foi aberta uma avaliação do interesse superior') },
      notes,
    ],
    {},
  ),
  'liaison-referral': decisionForm(
    'liaison-referral',
    L('Law-enforcement referral', 'Remisión a las autoridades policiales', 'Orientation vers les forces de l’ordre', 'Encaminhamento policial'),
    [
      { id: 'outcome', type: 'choice', choices: 'outcome', required: true, label: L('Outcome', 'Resultado', 'Résultat', 'Resultado') },
      { id: 'reference', type: 'text', label: L('Reference', 'Referencia', 'Référence', 'Referência') },
    ],
    {
      outcome: [
        choice('acknowledged', L('Acknowledged', 'Recibida', 'Reçue', 'Recebido')),
        choice('investigation_opened', L('Investigation opened', 'Investigación abierta', 'Enquête ouverte', 'Investigação aberta')),
        choice('declined', L('Declined', 'Rechazada', 'Refusée', 'Recusado')),
      ],
    },
  ),
  'consent-review': decisionForm(
    'consent-review',
    L('Revisit consent', 'Revisar el consentimiento', 'Revoir le consentement', 'Rever o consentimento'),
    [
      { id: 'lawEnforcement', type: 'choice', choices: 'lawEnforcementConsent', required: true, label: L('Does the person now agree to a referral to law enforcement?', '¿Acepta ahora la persona ser remitida a las autoridades policiales?', 'La personne accepte-t-elle maintenant d’être orientée vers les forces de l’ordre ?', 'A pessoa aceita agora ser encaminhada às autoridades policiais?') },
      notes,
    ],
    { lawEnforcementConsent: screeningInterviewV1.choiceLists.lawEnforcementConsent },
  ),
  escalation: decisionForm(
    'escalation',
    L('Escalation', 'Escalamiento', 'Escalade', 'Escalonamento'),
    [
      { id: 'resolution', type: 'choice', choices: 'resolution', required: true, label: L('Resolution', 'Resolución', 'Résolution', 'Resolução') },
      notes,
    ],
    {
      resolution: [
        choice('placed_outside_network', L('Placed outside the network', 'Acogida fuera de la red', 'Hébergée hors du réseau', 'Acolhida fora da rede')),
        choice('no_longer_needed', L('No longer needed', 'Ya no es necesario', 'Plus nécessaire', 'Já não é necessário')),
        choice('other', L('Other', 'Otro', 'Autre', 'Outro')),
      ],
    },
  ),
  'determination-review': decisionForm(
    'determination-review',
    L('Determination review', 'Revisión de la determinación', 'Révision de la détermination', 'Revisão da determinação'),
    [
      { id: 'determination', type: 'choice', choices: 'determination', required: true, label: L('Determination after review', 'Determinación tras la revisión', 'Détermination après révision', 'Determinação após revisão') },
      notes,
    ],
    {
      determination: [
        choice('likely', L('Trafficking likely', 'Trata probable', 'Traite probable', 'Tráfico provável')),
        choice('possible', L('Trafficking possible', 'Trata posible', 'Traite possible', 'Tráfico possível')),
        choice('unlikely', L('Trafficking unlikely', 'Trata improbable', 'Traite improbable', 'Tráfico improvável')),
      ],
    },
  ),
  inspection: decisionForm(
    'inspection',
    L('Inspection report', 'Informe de inspección', 'Rapport d’inspection', 'Relatório de inspeção'),
    [
      { id: 'inspectionDate', type: 'date', required: true, label: L('Date of the inspection', 'Fecha de la inspección', 'Date de l’inspection', 'Data da inspeção') },
      { id: 'forcedLabourFound', type: 'yesNo', required: true, label: L('Signs of forced labour were confirmed', 'Se confirmaron indicios de trabajo forzoso', 'Des signes de travail forcé ont été confirmés', 'Foram confirmados sinais de trabalho forçado') },
      {
        id: 'peopleIdentified',
        type: 'repeat',
        maxItems: 200,
        label: L('People identified at the workplace', 'Personas identificadas en el lugar de trabajo', 'Personnes identifiées sur le lieu de travail', 'Pessoas identificadas no local de trabalho'),
        questions: [fromProfile('givenName'), fromProfile('familyName'), { ...fromProfile('ageEstimate'), required: false }, fromProfile('ageDisputed'), fromProfile('gender'), fromProfile('nationality'), fromProfile('languages')],
      },
      notes,
    ],
    { gender: screeningInterviewV1.choiceLists.gender },
  ),
  'more-information': decisionForm(
    'more-information',
    L('More information', 'Más información', 'Informations complémentaires', 'Mais informações'),
    [{ id: 'information', type: 'longText', required: true, label: L('What you can add', 'Lo que puede añadir', 'Ce que vous pouvez ajouter', 'O que pode acrescentar') }],
    {},
  ),
  'duplicate-review': decisionForm(
    'duplicate-review',
    L('Possible duplicate', 'Posible duplicado', 'Doublon possible', 'Possível duplicado'),
    [
      { id: 'outcome', type: 'choice', choices: 'outcome', required: true, label: L('Are the two cases the same person?', '¿Son los dos casos la misma persona?', 'Les deux dossiers concernent-ils la même personne ?', 'Os dois casos são a mesma pessoa?') },
      notes,
    ],
    {
      outcome: [
        choice('same-person', L('The same person: link the cases', 'La misma persona: vincular los casos', 'La même personne : lier les dossiers', 'A mesma pessoa: ligar os casos')),
        choice('different-person', L('Different people: never propose this pair again', 'Personas distintas: no volver a proponer este par', 'Des personnes différentes : ne plus proposer cette paire', 'Pessoas diferentes: não voltar a propor este par')),
      ],
    },
  ),
  'child-protection-notice': decisionForm(
    'child-protection-notice',
    L('Children seen at a workplace', 'Niños vistos en un lugar de trabajo', 'Enfants vus sur un lieu de travail', 'Crianças vistas num local de trabalho'),
    [
      { id: 'outcome', type: 'choice', choices: 'outcome', required: true, label: L('What child protection did', 'Qué hizo protección de la infancia', 'Ce qu’a fait la protection de l’enfance', 'O que fez a proteção da infância') },
      notes,
    ],
    {
      outcome: [
        choice('joining-inspection', L('Joining the inspection', 'Se une a la inspección', 'Se joint à l’inspection', 'Junta-se à inspeção')),
        choice('visit-arranged', L('Own visit arranged', 'Visita propia organizada', 'Visite propre organisée', 'Visita própria organizada')),
        choice('already-known', L('The children are already in our care', 'Los niños ya están bajo nuestra protección', 'Les enfants sont déjà pris en charge par nos services', 'As crianças já estão ao nosso cuidado')),
      ],
    },
  ),
  // The case lifecycle (issue 16): a planned service followed up, a referral to a partner, a transfer.
  'follow-up': decisionForm(
    'follow-up',
    L('Follow-up of a planned service', 'Seguimiento de un servicio previsto', 'Suivi d’un service prévu', 'Acompanhamento de um serviço previsto'),
    [
      { id: 'outcome', type: 'choice', choices: 'outcome', required: true, label: L('Was the service given?', '¿Se prestó el servicio?', 'Le service a-t-il été fourni ?', 'O serviço foi prestado?') },
      { id: 'reason', type: 'text', required: whenOutcome('not-done'), relevant: whenOutcome('not-done'), label: L('Why not', 'Por qué no', 'Pourquoi pas', 'Porque não') },
      { id: 'rescheduledTo', type: 'date', required: whenOutcome('rescheduled'), relevant: whenOutcome('rescheduled'), label: L('New date', 'Nueva fecha', 'Nouvelle date', 'Nova data') },
      notes,
    ],
    {
      outcome: [
        choice('done', L('Done', 'Hecho', 'Fait', 'Feito')),
        choice('not-done', L('Not done', 'No hecho', 'Pas fait', 'Não feito')),
        choice('rescheduled', L('Rescheduled', 'Reprogramado', 'Reporté', 'Reagendado')),
      ],
    },
  ),
  'partner-referral': decisionForm(
    'partner-referral',
    L('Referral', 'Remisión', 'Orientation', 'Encaminhamento'),
    [
      { id: 'outcome', type: 'choice', choices: 'outcome', required: true, label: L('Will you take this person on?', '¿Atenderá a esta persona?', 'Prendrez-vous cette personne en charge ?', 'Vai atender esta pessoa?') },
      { id: 'reason', type: 'text', required: whenOutcome('declined'), label: L('Reason', 'Motivo', 'Motif', 'Motivo') },
    ],
    {
      outcome: [
        choice('accepted', L('Accepted', 'Aceptada', 'Acceptée', 'Aceite')),
        choice('declined', L('Declined', 'Rechazada', 'Refusée', 'Recusada')),
      ],
    },
  ),
  transfer: decisionForm(
    'transfer',
    L('Transfer of a case', 'Traspaso de un caso', 'Transfert d’un dossier', 'Transferência de um caso'),
    [
      { id: 'outcome', type: 'choice', choices: 'outcome', required: true, label: L('Will your organisation take responsibility for this case?', '¿Asume su organización la responsabilidad de este caso?', 'Votre organisation prend-elle ce dossier en charge ?', 'A sua organização assume a responsabilidade por este caso?') },
      { id: 'reason', type: 'text', required: whenOutcome('declined'), label: L('Reason', 'Motivo', 'Motif', 'Motivo') },
    ],
    {
      outcome: [
        choice('accepted', L('Accepted', 'Aceptado', 'Accepté', 'Aceite')),
        choice('declined', L('Declined', 'Rechazado', 'Refusé', 'Recusado')),
      ],
    },
  ),
};
