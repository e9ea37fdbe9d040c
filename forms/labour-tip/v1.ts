// The labour inspector's tip (`labour-tip`), version 1: docs/reference/labour-tip.md, with the
// eleven ILO indicators of forced labour (2012).
import { labels as L, type Choice, type FormDefinition, type Question } from '../engine/types.ts';
import { screeningInterviewV1 } from '../screening-interview/v1.ts';

const indicator = (id: string, label: ReturnType<typeof L>): Question => ({ id, type: 'yesNo', label, indicator: { dimension: 'iloForcedLabour', strength: 'medium' } });

export const iloIndicatorIds = [
  'iloAbuseOfVulnerability',
  'iloDeception',
  'iloRestrictionOfMovement',
  'iloIsolation',
  'iloPhysicalSexualViolence',
  'iloIntimidationThreats',
  'iloRetentionOfDocuments',
  'iloWithholdingOfWages',
  'iloDebtBondage',
  'iloAbusiveConditions',
  'iloExcessiveOvertime',
] as const;

const howObserved: Choice[] = [
  { value: 'inspection_visit', label: L('Inspection visit', 'Visita de inspección', 'Visite d’inspection', 'Visita de inspeção') },
  { value: 'worker_complaint', label: L('Complaint by a worker', 'Denuncia de un trabajador', 'Plainte d’un travailleur', 'Queixa de um trabalhador') },
  { value: 'third_party_report', label: L('Report by a third party', 'Informe de un tercero', 'Signalement par un tiers', 'Denúncia de terceiros') },
  { value: 'anonymous_tip', label: L('Anonymous tip', 'Aviso anónimo', 'Signalement anonyme', 'Denúncia anónima') },
  { value: 'other', label: L('Other', 'Otro', 'Autre', 'Outro') },
];

export const labourTipV1: FormDefinition = {
  id: 'labour-tip',
  version: 1,
  published: '2026-11-28',
  title: L('Labour tip', 'Aviso laboral', 'Signalement du travail', 'Denúncia laboral'),
  sections: [
    {
      id: 'workplace',
      title: L('Workplace', 'Lugar de trabajo', 'Lieu de travail', 'Local de trabalho'),
      questions: [
        { id: 'workplaceName', type: 'text', required: true, label: L('Name of the workplace or employer', 'Nombre del lugar de trabajo o del empleador', 'Nom du lieu de travail ou de l’employeur', 'Nome do local de trabalho ou do empregador') },
        { id: 'workplaceAddress', type: 'text', required: true, label: L('Address or description of the location', 'Dirección o descripción del lugar', 'Adresse ou description du lieu', 'Endereço ou descrição do local') },
        { id: 'country', type: 'country', required: true, label: L('Country', 'País', 'Pays', 'País') },
        { id: 'municipality', type: 'text', label: L('Municipality', 'Municipio', 'Municipalité', 'Município') },
        { id: 'latitude', type: 'number', min: -90, max: 90, label: L('Latitude', 'Latitud', 'Latitude', 'Latitude') },
        { id: 'longitude', type: 'number', min: -180, max: 180, label: L('Longitude', 'Longitud', 'Longitude', 'Longitude') },
        { id: 'sector', type: 'choice', choices: 'labourSector', required: true, label: L('Sector', 'Sector', 'Secteur', 'Setor') },
        { id: 'workersEstimated', type: 'number', min: 0, max: 100_000, label: L('How many workers', 'Cuántas personas trabajan', 'Combien de travailleurs', 'Quantos trabalhadores') },
        { id: 'minorsPresent', type: 'yesNo', label: L('Children seen working', 'Se vio a niños o niñas trabajando', 'Enfants vus en train de travailler', 'Crianças vistas a trabalhar') },
        {
          id: 'minorsSeen',
          type: 'number',
          min: 1,
          max: 10_000,
          relevant: { '==': [{ var: 'minorsPresent' }, 'yes'] },
          label: L('How many children', 'Cuántos niños o niñas', 'Combien d’enfants', 'Quantas crianças'),
          hint: L('The child-protection office is told at once', 'Se avisa de inmediato a la oficina de protección de la infancia', 'Le service de protection de l’enfance est prévenu aussitôt', 'O serviço de proteção da infância é avisado de imediato'),
        },
        { id: 'foreignWorkersPresent', type: 'yesNo', label: L('Migrant workers present', 'Hay trabajadores migrantes', 'Présence de travailleurs migrants', 'Trabalhadores migrantes presentes') },
      ],
    },
    {
      id: 'indicators',
      title: L('ILO indicators of forced labour', 'Indicadores de trabajo forzoso de la OIT', 'Indicateurs du travail forcé de l’OIT', 'Indicadores de trabalho forçado da OIT'),
      questions: [
        indicator('iloAbuseOfVulnerability', L('Abuse of vulnerability', 'Abuso de vulnerabilidad', 'Abus de vulnérabilité', 'Abuso de vulnerabilidade')),
        indicator('iloDeception', L('Deception', 'Engaño', 'Tromperie', 'Engano')),
        indicator('iloRestrictionOfMovement', L('Restriction of movement', 'Restricción de la libertad de movimiento', 'Restriction de la liberté de mouvement', 'Restrição da liberdade de movimento')),
        indicator('iloIsolation', L('Isolation', 'Aislamiento', 'Isolement', 'Isolamento')),
        indicator('iloPhysicalSexualViolence', L('Physical and sexual violence', 'Violencia física y sexual', 'Violences physiques et sexuelles', 'Violência física e sexual')),
        indicator('iloIntimidationThreats', L('Intimidation and threats', 'Intimidación y amenazas', 'Intimidation et menaces', 'Intimidação e ameaças')),
        indicator('iloRetentionOfDocuments', L('Retention of identity documents', 'Retención de documentos de identidad', 'Rétention des documents d’identité', 'Retenção de documentos de identidade')),
        indicator('iloWithholdingOfWages', L('Withholding of wages', 'Retención de salarios', 'Retenue des salaires', 'Retenção de salários')),
        indicator('iloDebtBondage', L('Debt bondage', 'Servidumbre por deudas', 'Servitude pour dettes', 'Servidão por dívidas')),
        indicator('iloAbusiveConditions', L('Abusive working and living conditions', 'Condiciones de trabajo y de vida abusivas', 'Conditions de travail et de vie abusives', 'Condições de trabalho e de vida abusivas')),
        indicator('iloExcessiveOvertime', L('Excessive overtime', 'Horas extraordinarias excesivas', 'Heures supplémentaires excessives', 'Horas extraordinárias excessivas')),
      ],
    },
    {
      id: 'source',
      title: L('Source', 'Fuente', 'Source', 'Fonte'),
      questions: [
        { id: 'howObserved', type: 'choice', choices: 'howObserved', required: true, label: L('How it was observed', 'Cómo se observó', 'Comment cela a été observé', 'Como foi observado') },
        { id: 'sourceAnonymous', type: 'yesNo', label: L('The source asked to stay anonymous', 'La fuente pidió permanecer en el anonimato', 'La source a demandé à rester anonyme', 'A fonte pediu para permanecer anónima') },
        { id: 'sourceContact', type: 'text', personalData: true, relevant: { '==': [{ var: 'sourceAnonymous' }, 'no'] }, label: L('How to reach the source', 'Cómo contactar a la fuente', 'Comment joindre la source', 'Como contactar a fonte') },
        { id: 'immediateDangerObserved', type: 'yesNo', required: true, label: L('Someone is in immediate danger', 'Alguien está en peligro inmediato', 'Quelqu’un est en danger immédiat', 'Alguém está em perigo imediato') },
        { id: 'description', type: 'longText', personalData: true, label: L('What was seen', 'Qué se observó', 'Ce qui a été vu', 'O que foi visto') },
      ],
    },
  ],
  choiceLists: { labourSector: screeningInterviewV1.choiceLists.labourSector, howObserved },
};
