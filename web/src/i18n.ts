// The web app's own words in each language (form content carries its own labels).
import type { Language } from '../../forms/engine/types.ts';

const words = {
  signIn: ['Sign in', 'Iniciar sesión', 'Se connecter', 'Entrar'],
  signInAs: ['Sign in as a demo user', 'Iniciar sesión como usuario de demostración', 'Se connecter comme utilisateur de démonstration', 'Entrar como utilizador de demonstração'],
  signOut: ['Sign out', 'Cerrar sesión', 'Se déconnecter', 'Sair'],
  interview: ['Screening interview', 'Entrevista de identificación', 'Entretien de dépistage', 'Entrevista de triagem'],
  tip: ['Labour tip', 'Aviso laboral', 'Signalement', 'Denúncia laboral'],
  inbox: ['Inbox', 'Bandeja de tareas', 'Tâches', 'Tarefas'],
  board: ['Cases', 'Casos', 'Dossiers', 'Casos'],
  tips: ['Tips', 'Avisos', 'Signalements', 'Denúncias'],
  metrics: ['Metrics', 'Métricas', 'Indicateurs', 'Métricas'],
  organisations: ['Organisations', 'Organizaciones', 'Organisations', 'Organizações'],
  name: ['Name', 'Nombre', 'Nom', 'Nome'],
  addOrganisation: ['Add an organisation', 'Añadir una organización', 'Ajouter une organisation', 'Adicionar uma organização'],
  organisationAdded: ['Organisation added', 'Organización añadida', 'Organisation ajoutée', 'Organização adicionada'],
  type: ['Type', 'Tipo', 'Type', 'Tipo'],
  bedsFree: ['Beds free', 'Camas libres', 'Lits libres', 'Camas livres'],
  capacity: ['Capacity', 'Capacidad', 'Capacité', 'Capacidade'],
  save: ['Save', 'Guardar', 'Enregistrer', 'Guardar'],
  saved: ['Saved', 'Guardado', 'Enregistré', 'Guardado'],
  changedMeanwhile: [
    'Someone changed this shelter meanwhile (a bed may have been taken). The figures are reloaded: check them and save again.',
    'Alguien cambió este albergue mientras tanto (quizás se ocupó una cama). Las cifras se recargaron: revíselas y guarde de nuevo.',
    'Quelqu’un a modifié ce foyer entre-temps (un lit a pu être pris). Les chiffres sont rechargés : vérifiez-les et enregistrez à nouveau.',
    'Alguém alterou este abrigo entretanto (talvez uma cama tenha sido ocupada). Os números foram recarregados: verifique-os e guarde de novo.',
  ],
  next: ['Next', 'Siguiente', 'Suivant', 'Seguinte'],
  back: ['Back', 'Atrás', 'Retour', 'Voltar'],
  review: ['Review', 'Revisar', 'Relire', 'Rever'],
  submit: ['Submit', 'Enviar', 'Envoyer', 'Enviar'],
  edit: ['Edit', 'Editar', 'Modifier', 'Editar'],
  section: ['Section', 'Sección', 'Section', 'Secção'],
  of: ['of', 'de', 'sur', 'de'],
  yes: ['Yes', 'Sí', 'Oui', 'Sim'],
  no: ['No', 'No', 'Non', 'Não'],
  unknown: ['Unknown', 'No se sabe', 'Inconnu', 'Desconhecido'],
  add: ['Add', 'Añadir', 'Ajouter', 'Adicionar'],
  remove: ['Remove', 'Quitar', 'Retirer', 'Remover'],
  listHint: ['Separate codes with commas', 'Separe los códigos con comas', 'Séparez les codes par des virgules', 'Separe os códigos com vírgulas'],
  interviewerLanguage: ['Your language', 'Su idioma', 'Votre langue', 'O seu idioma'],
  respondentLanguage: ['Language of the person interviewed', 'Idioma de la persona entrevistada', 'Langue de la personne interrogée', 'Idioma da pessoa entrevistada'],
  submitted: ['Submitted. Case', 'Enviado. Caso', 'Envoyé. Dossier', 'Enviado. Caso'],
  tipSubmitted: ['Submitted. Tip', 'Enviado. Aviso', 'Envoyé. Signalement', 'Enviado. Denúncia'],
  whatNext: [
    'The risk assessment runs now; shelters, the asylum authority, child protection and, with consent, the liaison unit receive only what they need.',
    'La evaluación de riesgo se ejecuta ahora; los albergues, la autoridad de asilo, la protección de la niñez y, con consentimiento, la unidad de enlace reciben solo lo que necesitan.',
    'L’évaluation du risque est en cours ; les foyers, l’autorité d’asile, la protection de l’enfance et, avec consentement, l’unité de liaison ne reçoivent que ce dont ils ont besoin.',
    'A avaliação de risco está em curso; os abrigos, a autoridade de asilo, a proteção da criança e, com consentimento, a unidade de ligação recebem apenas o que precisam.',
  ],
  queued: [
    'You are offline: the submission is saved and will be sent when the connection returns.',
    'Sin conexión: el envío quedó guardado y se enviará cuando vuelva la conexión.',
    'Hors ligne : l’envoi est enregistré et partira au retour de la connexion.',
    'Sem ligação: o envio ficou guardado e será enviado quando a ligação voltar.',
  ],
  waiting: ['waiting to send', 'pendientes de envío', 'en attente d’envoi', 'por enviar'],
  newInterview: ['New interview', 'Nueva entrevista', 'Nouvel entretien', 'Nova entrevista'],
  noTasks: ['No open tasks.', 'No hay tareas abiertas.', 'Aucune tâche ouverte.', 'Não há tarefas abertas.'],
  due: ['Due', 'Vence', 'Échéance', 'Prazo'],
  overdue: ['Overdue', 'Vencida', 'En retard', 'Em atraso'],
  decide: ['Send decision', 'Enviar decisión', 'Envoyer la décision', 'Enviar decisão'],
  decided: ['Decision sent.', 'Decisión enviada.', 'Décision envoyée.', 'Decisão enviada.'],
  stage: ['Stage', 'Etapa', 'Étape', 'Etapa'],
  risk: ['Risk', 'Riesgo', 'Risque', 'Risco'],
  flag: ['Flag', 'Indicador', 'Signal', 'Sinal'],
  all: ['All', 'Todos', 'Tous', 'Todos'],
  updated: ['Updated', 'Actualizado', 'Mis à jour', 'Atualizado'],
  determination: ['Determination', 'Determinación', 'Détermination', 'Determinação'],
  timeline: ['Timeline', 'Cronología', 'Chronologie', 'Cronologia'],
  workflow: ['Workflow', 'Flujo de trabajo', 'Flux de travail', 'Fluxo de trabalho'],
  tasks: ['Tasks', 'Tareas', 'Tâches', 'Tarefas'],
  loading: ['Loading…', 'Cargando…', 'Chargement…', 'A carregar…'],
  fixErrors: ['Please correct the marked answers.', 'Corrija las respuestas marcadas.', 'Corrigez les réponses signalées.', 'Corrija as respostas assinaladas.'],
} satisfies Record<string, [string, string, string, string]>;

const order: Language[] = ['en', 'es', 'fr', 'pt'];

export type Word = keyof typeof words;

export function t(word: Word, language: Language): string {
  return words[word][order.indexOf(language)];
}
