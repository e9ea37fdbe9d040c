// The screening interview (`screening-interview`), version 1. Content, ids and rules follow
// docs/reference/screening-interview.md: the IOM screening interview's phases, the ILO/EC
// Delphi operational indicators (2009), HTCDS vocabularies, UNHCR's 10-Point Plan profiles.
import { americas } from '../engine/places.ts';
import { labels as L, type Choice, type DelphiStrength, type Expression, type FormDefinition, type Question } from '../engine/types.ts';
import { minority } from '../../functions/domain/policy.ts';

const is = (id: string, value: string): Expression => ({ '==': [{ var: id }, value] });
const includes = (id: string, value: string): Expression => ({ in: [value, { var: id }] });
const consented: Expression = { '!=': [{ var: 'consentInterview' }, 'no'] };

const yesNo = (id: string, label: ReturnType<typeof L>, extra: Partial<Question> = {}): Question => ({ id, type: 'yesNo', label, ...extra });

function indicators(dimension: string, gate: Expression, rows: [string, DelphiStrength, ReturnType<typeof L>][]): Question[] {
  return rows.map(([id, strength, label]) => ({ id, type: 'yesNo', label, relevant: gate, indicator: { dimension, strength } }));
}

const choices = (rows: [string, ReturnType<typeof L>][]): Choice[] => rows.map(([value, label]) => ({ value, label }));

const recruited = is('recruitedByThirdParty', 'yes');
const exploited = is('workedOrExploited', 'yes');
const S = 'strong';
const M = 'medium';
const W = 'weak';

export const screeningInterviewV1: FormDefinition = {
  id: 'screening-interview',
  version: 1,
  published: '2026-11-28',
  title: L('Screening interview', 'Entrevista de identificación', 'Entretien de dépistage', 'Entrevista de triagem'),
  calculations: [
    {
      id: 'age',
      expression: {
        // A date of birth in the future is rejected by its constraint; it must not make anyone a child meanwhile.
        if: [
          { and: [{ answered: [{ var: 'dateOfBirth' }] }, { '<=': [{ var: 'dateOfBirth' }, { var: '_today' }] }] },
          { years_between: [{ var: 'dateOfBirth' }, { var: '_today' }] },
          { var: 'ageEstimate' },
        ],
      },
    },
    { id: 'child', expression: { and: [{ answered: [{ var: 'age' }] }, { '<': [{ var: 'age' }, minority.adultAge] }] } },
    {
      // Presumption of minority (CRC General Comment 6): a disputed age under 21 is treated as a child's.
      id: 'treatedAsChild',
      expression: {
        or: [{ var: 'child' }, { and: [is('ageDisputed', 'yes'), { answered: [{ var: 'age' }] }, { '<': [{ var: 'age' }, minority.disputedAgePresumptionBelow] }] }],
      },
    },
    {
      id: 'extraContinental',
      expression: {
        and: [
          { answered: [{ var: 'nationality' }] },
          { '!': { in: [{ var: 'nationality' }, [...americas, 'stateless', 'unknown']] } },
        ],
      },
    },
  ],
  sections: [
    {
      id: 'consent',
      title: L('Consent', 'Consentimiento', 'Consentement', 'Consentimento'),
      questions: [
        yesNo('consentInterview', L('The person agrees to the interview after its purpose was explained', 'La persona acepta la entrevista después de que se le explicó su propósito', 'La personne accepte l’entretien après qu’on lui en a expliqué le but', 'A pessoa aceita a entrevista depois de lhe ter sido explicado o seu propósito'), { required: true }),
        yesNo('informedOfRights', L('Informed of their rights, including the right to seek asylum', 'Informada de sus derechos, incluido el derecho a solicitar asilo', 'Informée de ses droits, y compris le droit de demander l’asile', 'Informada dos seus direitos, incluindo o direito de pedir asilo'), { required: true }),
        { id: 'interviewLanguage', type: 'language', required: true, label: L('Language of the interview', 'Idioma de la entrevista', 'Langue de l’entretien', 'Idioma da entrevista') },
        yesNo('interpreterUsed', L('An interpreter was used', 'Se utilizó un intérprete', 'Un interprète a été utilisé', 'Foi utilizado um intérprete')),
        yesNo('consentDataSharing', L('Agrees that their data is shared with the organisations that will assist them', 'Acepta que sus datos se compartan con las organizaciones que le asistirán', 'Accepte que ses données soient partagées avec les organisations qui l’assisteront', 'Aceita que os seus dados sejam partilhados com as organizações que a irão assistir'), { required: true }),
        {
          id: 'consentLawEnforcement',
          type: 'choice',
          choices: 'lawEnforcementConsent',
          required: true,
          label: L('Agrees to a referral to law enforcement', 'Acepta ser remitida a las autoridades policiales', 'Accepte d’être orientée vers les forces de l’ordre', 'Aceita ser encaminhada às autoridades policiais'),
        },
      ],
    },
    {
      id: 'profile',
      title: L('Profile', 'Perfil', 'Profil', 'Perfil'),
      questions: [
        { id: 'givenName', type: 'text', personalData: true, htcds: 'GivenName', label: L('Given name (may be withheld)', 'Nombre (puede reservarse)', 'Prénom (peut être refusé)', 'Nome próprio (pode ser reservado)') },
        { id: 'familyName', type: 'text', personalData: true, htcds: 'FamilyName', label: L('Family name (may be withheld)', 'Apellido (puede reservarse)', 'Nom de famille (peut être refusé)', 'Apelido (pode ser reservado)') },
        {
          id: 'dateOfBirth',
          type: 'date',
          personalData: true,
          label: L('Date of birth', 'Fecha de nacimiento', 'Date de naissance', 'Data de nascimento'),
          constraint: {
            expression: { '<=': [{ var: 'dateOfBirth' }, { var: '_today' }] },
            message: L('The date of birth cannot be in the future', 'La fecha de nacimiento no puede ser futura', 'La date de naissance ne peut pas être dans le futur', 'A data de nascimento não pode ser no futuro'),
          },
        },
        {
          id: 'ageEstimate',
          type: 'number',
          min: 0,
          max: 120,
          required: { '!': { answered: [{ var: 'dateOfBirth' }] } },
          label: L('Estimated age', 'Edad estimada', 'Âge estimé', 'Idade estimada'),
          hint: L('Required when the date of birth is not known', 'Obligatoria si no se conoce la fecha de nacimiento', 'Obligatoire si la date de naissance est inconnue', 'Obrigatória se a data de nascimento não for conhecida'),
        },
        yesNo('ageDisputed', L('The age is uncertain or disputed', 'La edad es incierta o se discute', 'L’âge est incertain ou contesté', 'A idade é incerta ou contestada')),
        { id: 'gender', type: 'choice', choices: 'gender', htcds: 'Gender', label: L('Gender', 'Género', 'Genre', 'Género') },
        { id: 'nationality', type: 'country', htcds: 'Citizenship', label: L('Nationality', 'Nacionalidad', 'Nationalité', 'Nacionalidade'), hint: L('Type to search the list; stateless and unknown are in it too', 'Escriba para buscar en la lista; apátrida y desconocida también están', 'Tapez pour chercher dans la liste ; apatride et inconnue y figurent aussi', 'Escreva para procurar na lista; apátrida e desconhecida também lá estão') },
        { id: 'languages', type: 'languages', required: true, label: L('Languages spoken', 'Idiomas que habla', 'Langues parlées', 'Línguas faladas') },
        {
          id: 'separationStatus',
          type: 'choice',
          choices: 'separationStatus',
          relevant: { var: 'treatedAsChild' },
          required: true,
          label: L('For a child: accompanied, unaccompanied or separated', 'Para un niño o niña: acompañado, no acompañado o separado', 'Pour un enfant : accompagné, non accompagné ou séparé', 'Para uma criança: acompanhada, não acompanhada ou separada'),
        },
        { id: 'dependentsWithThem', type: 'number', min: 0, max: 30, label: L('Children in their care who are with them', 'Niños a su cargo que le acompañan', 'Enfants à sa charge qui l’accompagnent', 'Crianças a seu cargo que a acompanham') },
      ],
    },
    {
      id: 'journey',
      title: L('Journey', 'Viaje', 'Parcours', 'Percurso'),
      relevant: consented,
      questions: [
        { id: 'countryOfDeparture', type: 'country', label: L('Country the journey started in', 'País donde comenzó el viaje', 'Pays de départ du voyage', 'País onde começou a viagem') },
        { id: 'transitCountries', type: 'countries', label: L('Countries crossed', 'Países atravesados', 'Pays traversés', 'Países atravessados') },
        { id: 'arrivalMode', type: 'choice', choices: 'arrivalMode', label: L('How they arrived', 'Cómo llegó', 'Mode d’arrivée', 'Como chegou') },
        yesNo('usedSmuggler', L('Paid someone to cross borders', 'Pagó a alguien para cruzar fronteras', 'A payé quelqu’un pour passer les frontières', 'Pagou a alguém para atravessar fronteiras')),
        yesNo('journeyDebt', L('Owes money for the journey', 'Debe dinero por el viaje', 'Doit de l’argent pour le voyage', 'Deve dinheiro pela viagem')),
        yesNo('stranded', L('Has no means to continue or to return', 'No tiene medios para continuar ni para regresar', 'N’a pas les moyens de continuer ni de rentrer', 'Não tem meios para continuar nem para regressar')),
        { id: 'intendedDestination', type: 'country', label: L('Country they meant to reach', 'País al que quería llegar', 'Pays qu’elle voulait atteindre', 'País que pretendia alcançar') },
      ],
    },
    {
      id: 'recruitment',
      title: L('Recruitment', 'Reclutamiento', 'Recrutement', 'Recrutamento'),
      relevant: consented,
      questions: [
        yesNo('recruitedByThirdParty', L('Someone offered them work, marriage or education, or arranged their travel', 'Alguien le ofreció trabajo, matrimonio o estudios, u organizó su viaje', 'Quelqu’un lui a proposé un travail, un mariage ou des études, ou a organisé son voyage', 'Alguém lhe ofereceu trabalho, casamento ou estudos, ou organizou a sua viagem'), { required: true }),
        { id: 'recruitmentMethod', type: 'choice', choices: 'recruitmentMethod', relevant: recruited, htcds: 'RecruitmentMethod', label: L('How they were recruited', 'Cómo fue reclutada', 'Comment elle a été recrutée', 'Como foi recrutada') },
        { id: 'recruiterRelation', type: 'choice', choices: 'recruiterRelation', relevant: recruited, htcds: 'RecruiterRelationship', label: L('Who the recruiter was to them', 'Relación con quien la reclutó', 'Lien avec le recruteur', 'Relação com quem a recrutou') },
        ...indicators('deceptiveRecruitment', recruited, [
          ['drNatureOfJob', S, L('Deceived about the nature of the job, the location or the employer', 'Engañada sobre la naturaleza del trabajo, el lugar o el empleador', 'Trompée sur la nature du travail, le lieu ou l’employeur', 'Enganada sobre a natureza do trabalho, o local ou o empregador')],
          ['drWorkingConditions', M, L('Deceived about conditions of work', 'Engañada sobre las condiciones de trabajo', 'Trompée sur les conditions de travail', 'Enganada sobre as condições de trabalho')],
          ['drContract', M, L('Deceived about the content or legality of the contract', 'Engañada sobre el contenido o la legalidad del contrato', 'Trompée sur le contenu ou la légalité du contrat', 'Enganada sobre o conteúdo ou a legalidade do contrato')],
          ['drWages', M, L('Deceived about wages or earnings', 'Engañada sobre el salario o las ganancias', 'Trompée sur le salaire ou les gains', 'Enganada sobre o salário ou os ganhos')],
          ['drHousing', M, L('Deceived about housing and living conditions', 'Engañada sobre la vivienda y las condiciones de vida', 'Trompée sur le logement et les conditions de vie', 'Enganada sobre a habitação e as condições de vida')],
          ['drDocuments', M, L('Deceived about legal documentation or migration status', 'Engañada sobre la documentación legal o la situación migratoria', 'Trompée sur les documents légaux ou le statut migratoire', 'Enganada sobre a documentação legal ou a situação migratória')],
          ['drTravelConditions', M, L('Deceived about travel and recruitment conditions', 'Engañada sobre las condiciones del viaje y del reclutamiento', 'Trompée sur les conditions du voyage et du recrutement', 'Enganada sobre as condições da viagem e do recrutamento')],
          ['drFamilyReunification', M, L('Deceived about family reunification', 'Engañada sobre la reunificación familiar', 'Trompée sur le regroupement familial', 'Enganada sobre o reagrupamento familiar')],
          ['drMarriageAdoption', M, L('Deceived through promises of marriage or adoption', 'Engañada con promesas de matrimonio o adopción', 'Trompée par des promesses de mariage ou d’adoption', 'Enganada com promessas de casamento ou adoção')],
          ['drEducation', W, L('Deceived about access to education', 'Engañada sobre el acceso a la educación', 'Trompée sur l’accès à l’éducation', 'Enganada sobre o acesso à educação')],
        ]),
        ...indicators('coerciveRecruitment', recruited, [
          ['crViolence', S, L('Violence on the person during recruitment', 'Violencia contra la persona durante el reclutamiento', 'Violence subie lors du recrutement', 'Violência contra a pessoa durante o recrutamento')],
          ['crThreatViolence', M, L('Threats of violence', 'Amenazas de violencia', 'Menaces de violence', 'Ameaças de violência')],
          ['crAbductionSale', M, L('Abduction, forced marriage, forced adoption or sale', 'Secuestro, matrimonio forzado, adopción forzada o venta', 'Enlèvement, mariage forcé, adoption forcée ou vente', 'Rapto, casamento forçado, adoção forçada ou venda')],
          ['crDebtBondage', M, L('Debt bondage', 'Servidumbre por deudas', 'Servitude pour dettes', 'Servidão por dívidas')],
          ['crDocumentsConfiscated', M, L('Documents confiscated', 'Documentos confiscados', 'Documents confisqués', 'Documentos confiscados')],
          ['crConfinement', M, L('Isolation, confinement or surveillance', 'Aislamiento, encierro o vigilancia', 'Isolement, confinement ou surveillance', 'Isolamento, confinamento ou vigilância')],
          ['crThreatDenunciation', M, L('Threat of denunciation to the authorities', 'Amenaza de denuncia ante las autoridades', 'Menace de dénonciation aux autorités', 'Ameaça de denúncia às autoridades')],
          ['crThreatInformFamily', M, L('Threat to inform family, community or public', 'Amenaza de informar a la familia, la comunidad o el público', 'Menace d’informer la famille, la communauté ou le public', 'Ameaça de informar a família, a comunidade ou o público')],
          ['crViolenceFamily', M, L('Violence or threats against family', 'Violencia o amenazas contra la familia', 'Violence ou menaces contre la famille', 'Violência ou ameaças contra a família')],
          ['crWithholdingMoney', M, L('Money withheld', 'Retención de dinero', 'Argent retenu', 'Dinheiro retido')],
        ]),
        ...indicators('recruitmentVulnerability', recruited, [
          ['rvFamilySituation', M, L('Abuse of a difficult family situation', 'Abuso de una situación familiar difícil', 'Abus d’une situation familiale difficile', 'Abuso de uma situação familiar difícil')],
          ['rvIrregularStatus', M, L('Abuse of irregular status', 'Abuso de la situación irregular', 'Abus de la situation irrégulière', 'Abuso da situação irregular')],
          ['rvLackEducationLanguage', M, L('Abuse of lack of education or language', 'Abuso de la falta de educación o de idioma', 'Abus du manque d’éducation ou de langue', 'Abuso da falta de educação ou de língua')],
          ['rvLackInformation', M, L('Abuse of lack of information', 'Abuso de la falta de información', 'Abus du manque d’information', 'Abuso da falta de informação')],
          ['rvControlByExploiters', M, L('Abuse of control by exploiters', 'Abuso del control por los explotadores', 'Abus du contrôle par les exploiteurs', 'Abuso do controlo pelos exploradores')],
          ['rvEconomicReasons', M, L('Abuse of economic need', 'Abuso de la necesidad económica', 'Abus du besoin économique', 'Abuso da necessidade económica')],
          ['rvFalseInfoMigration', M, L('False information about successful migration', 'Información falsa sobre una migración exitosa', 'Fausses informations sur une migration réussie', 'Informação falsa sobre uma migração bem-sucedida')],
          ['rvFalseInfoLaw', M, L('False information about the law or the authorities', 'Información falsa sobre la ley o las autoridades', 'Fausses informations sur la loi ou les autorités', 'Informação falsa sobre a lei ou as autoridades')],
          ['rvPersonalSituation', M, L('Abuse of personal situation', 'Abuso de la situación personal', 'Abus de la situation personnelle', 'Abuso da situação pessoal')],
          ['rvEmotionalDependency', M, L('Abuse of psychological or emotional dependency', 'Abuso de la dependencia psicológica o emocional', 'Abus de la dépendance psychologique ou affective', 'Abuso da dependência psicológica ou emocional')],
          ['rvRelationshipAuthorities', M, L('Abuse of relationship with authorities or legal status', 'Abuso de la relación con las autoridades o de la situación legal', 'Abus de la relation avec les autorités ou du statut légal', 'Abuso da relação com as autoridades ou da situação legal')],
          ['rvPastDifficulties', M, L('Abuse of difficulties in the past', 'Abuso de dificultades pasadas', 'Abus de difficultés passées', 'Abuso de dificuldades passadas')],
          ['rvDifficultyOrganisingTravel', M, L('Abuse of difficulty organising travel', 'Abuso de la dificultad para organizar el viaje', 'Abus de la difficulté à organiser le voyage', 'Abuso da dificuldade em organizar a viagem')],
          ['rvCulturalBeliefs', W, L('Abuse of cultural or religious beliefs', 'Abuso de creencias culturales o religiosas', 'Abus de croyances culturelles ou religieuses', 'Abuso de crenças culturais ou religiosas')],
          ['rvGeneralContext', W, L('Abuse of the general context', 'Abuso del contexto general', 'Abus du contexte général', 'Abuso do contexto geral')],
        ]),
      ],
    },
    {
      id: 'exploitation',
      title: L('Exploitation', 'Explotación', 'Exploitation', 'Exploração'),
      relevant: consented,
      questions: [
        yesNo('workedOrExploited', L('Since leaving home they worked, or were made to do anything, for someone', 'Desde que salió de su hogar trabajó, o fue obligada a hacer algo, para alguien', 'Depuis son départ, elle a travaillé ou a été forcée de faire quelque chose pour quelqu’un', 'Desde que saiu de casa trabalhou, ou foi obrigada a fazer algo, para alguém'), { required: true }),
        { id: 'exploitationTypes', type: 'multiChoice', choices: 'exploitationTypes', relevant: exploited, required: true, htcds: 'TypeOfExploitation', label: L('What they were made to do', 'Qué fue obligada a hacer', 'Ce qu’elle a été forcée de faire', 'O que foi obrigada a fazer') },
        {
          id: 'labourSector',
          type: 'choice',
          choices: 'labourSector',
          relevant: { and: [exploited, { or: [includes('exploitationTypes', 'forced_labour'), includes('exploitationTypes', 'domestic_servitude')] }] },
          htcds: 'TypeOfLabour',
          label: L('Sector of work', 'Sector de trabajo', 'Secteur de travail', 'Setor de trabalho'),
        },
        {
          id: 'sexualExploitationType',
          type: 'choice',
          choices: 'sexualExploitationType',
          relevant: { and: [exploited, includes('exploitationTypes', 'sexual_exploitation')] },
          htcds: 'TypeOfSex',
          label: L('Form of sexual exploitation', 'Forma de explotación sexual', 'Forme d’exploitation sexuelle', 'Forma de exploração sexual'),
        },
        yesNo('stillUnderControl', L('Still in contact with or controlled by the exploiters', 'Sigue en contacto con los explotadores o bajo su control', 'Toujours en contact avec les exploiteurs ou sous leur contrôle', 'Ainda em contacto com os exploradores ou sob o seu controlo'), { relevant: exploited }),
        ...indicators('exploitativeConditions', exploited, [
          ['ecExcessiveHours', S, L('Excessive working days or hours', 'Jornadas u horas de trabajo excesivas', 'Journées ou heures de travail excessives', 'Dias ou horas de trabalho excessivos')],
          ['ecLowOrNoPay', M, L('Low or no salary', 'Salario bajo o inexistente', 'Salaire faible ou nul', 'Salário baixo ou inexistente')],
          ['ecWageManipulation', M, L('Wage manipulation', 'Manipulación del salario', 'Manipulation du salaire', 'Manipulação do salário')],
          ['ecBadLivingConditions', M, L('Bad living conditions', 'Malas condiciones de vida', 'Mauvaises conditions de vie', 'Más condições de vida')],
          ['ecBadWorkingConditions', M, L('Very bad working conditions', 'Condiciones de trabajo muy malas', 'Très mauvaises conditions de travail', 'Condições de trabalho muito más')],
          ['ecHazardousWork', M, L('Hazardous work', 'Trabajo peligroso', 'Travail dangereux', 'Trabalho perigoso')],
          ['ecContractNotRespected', M, L('Labour law or contract not respected', 'No se respetó la ley laboral o el contrato', 'Droit du travail ou contrat non respecté', 'Lei laboral ou contrato não respeitado')],
          ['ecNoSocialProtection', M, L('No social protection', 'Sin protección social', 'Aucune protection sociale', 'Sem proteção social')],
          ['ecNoEducationAccess', W, L('No access to education', 'Sin acceso a la educación', 'Aucun accès à l’éducation', 'Sem acesso à educação')],
        ]),
        ...indicators('coercionAtDestination', exploited, [
          ['cdDocumentsConfiscated', S, L('Documents confiscated', 'Documentos confiscados', 'Documents confisqués', 'Documentos confiscados')],
          ['cdDebtBondage', S, L('Debt bondage', 'Servidumbre por deudas', 'Servitude pour dettes', 'Servidão por dívidas')],
          ['cdConfinement', S, L('Isolation, confinement or surveillance', 'Aislamiento, encierro o vigilancia', 'Isolement, confinement ou surveillance', 'Isolamento, confinamento ou vigilância')],
          ['cdViolence', S, L('Violence on the person', 'Violencia contra la persona', 'Violence sur la personne', 'Violência contra a pessoa')],
          ['cdThreatViolence', M, L('Threats of violence', 'Amenazas de violencia', 'Menaces de violence', 'Ameaças de violência')],
          ['cdForcedIllicitActivities', M, L('Forced into illicit or criminal activities', 'Obligada a realizar actividades ilícitas o delictivas', 'Forcée à des activités illicites ou criminelles', 'Obrigada a atividades ilícitas ou criminosas')],
          ['cdForcedTasksOrClients', M, L('Forced tasks or clients', 'Tareas o clientes impuestos', 'Tâches ou clients imposés', 'Tarefas ou clientes impostos')],
          ['cdStrongInfluence', M, L('Under strong influence, including substances', 'Bajo fuerte influencia, incluso de sustancias', 'Sous forte influence, y compris de substances', 'Sob forte influência, incluindo de substâncias')],
          ['cdForcedActAgainstPeers', M, L('Forced to act against peers', 'Obligada a actuar contra sus compañeros', 'Forcée d’agir contre ses pairs', 'Obrigada a agir contra os seus pares')],
          ['cdForcedToLie', M, L('Forced to lie to authorities or family', 'Obligada a mentir a las autoridades o a la familia', 'Forcée de mentir aux autorités ou à la famille', 'Obrigada a mentir às autoridades ou à família')],
          ['cdThreatDenunciation', M, L('Threat of denunciation to the authorities', 'Amenaza de denuncia ante las autoridades', 'Menace de dénonciation aux autorités', 'Ameaça de denúncia às autoridades')],
          ['cdThreatWorseConditions', M, L('Threat of even worse conditions', 'Amenaza de condiciones aún peores', 'Menace de conditions encore pires', 'Ameaça de condições ainda piores')],
          ['cdViolenceFamily', M, L('Violence or threats against family', 'Violencia o amenazas contra la familia', 'Violence ou menaces contre la famille', 'Violência ou ameaças contra a família')],
          ['cdWithholdingWages', M, L('Wages withheld', 'Retención del salario', 'Salaire retenu', 'Salário retido')],
          ['cdThreatInformFamily', W, L('Threat to inform family, community or public', 'Amenaza de informar a la familia, la comunidad o el público', 'Menace d’informer la famille, la communauté ou le public', 'Ameaça de informar a família, a comunidade ou o público')],
        ]),
        ...indicators('vulnerabilityAtDestination', exploited, [
          ['vdDependencyOnExploiters', M, L('Dependency on the exploiters', 'Dependencia de los explotadores', 'Dépendance envers les exploiteurs', 'Dependência dos exploradores')],
          ['vdUnknownArea', M, L('Difficulty living in an unknown area', 'Dificultad para vivir en un lugar desconocido', 'Difficulté à vivre dans un lieu inconnu', 'Dificuldade em viver num local desconhecido')],
          ['vdEconomicReasons', M, L('Economic need', 'Necesidad económica', 'Besoin économique', 'Necessidade económica')],
          ['vdFamilySituation', M, L('Family situation', 'Situación familiar', 'Situation familiale', 'Situação familiar')],
          ['vdRelationshipAuthorities', M, L('Relationship with authorities or legal status', 'Relación con las autoridades o situación legal', 'Relation avec les autorités ou statut légal', 'Relação com as autoridades ou situação legal')],
          ['vdPastDifficulties', W, L('Difficulties in the past', 'Dificultades en el pasado', 'Difficultés passées', 'Dificuldades no passado')],
          ['vdPersonalCharacteristics', W, L('Personal characteristics', 'Características personales', 'Caractéristiques personnelles', 'Características pessoais')],
        ]),
      ],
    },
    {
      id: 'protection',
      title: L('International protection', 'Protección internacional', 'Protection internationale', 'Proteção internacional'),
      relevant: consented,
      questions: [
        yesNo('fearOfReturn', L('Fears harm if returned', 'Teme sufrir daño si regresa', 'Craint d’être en danger en cas de retour', 'Teme sofrer danos se regressar')),
        { id: 'persecutionGrounds', type: 'multiChoice', choices: 'persecutionGrounds', relevant: is('fearOfReturn', 'yes'), label: L('Why (1951 Convention grounds)', 'Por qué (motivos de la Convención de 1951)', 'Pourquoi (motifs de la Convention de 1951)', 'Porquê (motivos da Convenção de 1951)') },
        yesNo('generalisedViolence', L('Fled generalised violence, conflict or massive human-rights violations', 'Huyó de violencia generalizada, conflicto o violaciones masivas de derechos humanos', 'A fui une violence généralisée, un conflit ou des violations massives des droits humains', 'Fugiu de violência generalizada, conflito ou violações maciças de direitos humanos')),
        yesNo('gangViolence', L('Threatened by gangs or organised crime', 'Amenazada por pandillas o el crimen organizado', 'Menacée par des gangs ou le crime organisé', 'Ameaçada por gangues ou pelo crime organizado')),
        yesNo('previousAsylumClaim', L('Has claimed asylum before', 'Ha solicitado asilo anteriormente', 'A déjà demandé l’asile', 'Já pediu asilo anteriormente')),
        { id: 'documentStatus', type: 'choice', choices: 'documentStatus', label: L('Identity documents', 'Documentos de identidad', 'Documents d’identité', 'Documentos de identidade') },
      ],
    },
    {
      id: 'needs',
      title: L('Urgent needs', 'Necesidades urgentes', 'Besoins urgents', 'Necessidades urgentes'),
      questions: [
        yesNo('immediateDanger', L('The person or their family is in immediate danger', 'La persona o su familia está en peligro inmediato', 'La personne ou sa famille est en danger immédiat', 'A pessoa ou a sua família está em perigo imediato'), { required: true }),
        yesNo('medicalNeedUrgent', L('Needs urgent medical care', 'Necesita atención médica urgente', 'A besoin de soins médicaux urgents', 'Precisa de cuidados médicos urgentes'), { required: true }),
        yesNo('pregnant', L('Pregnant', 'Embarazada', 'Enceinte', 'Grávida'), { relevant: { and: [is('gender', 'woman'), { '>=': [{ var: 'age' }, 12] }] } }),
        yesNo('shelterNeeded', L('Needs a safe place to stay', 'Necesita un lugar seguro donde quedarse', 'A besoin d’un lieu sûr où séjourner', 'Precisa de um lugar seguro para ficar'), { required: true }),
        yesNo('psychosocialSupport', L('Needs psychosocial support', 'Necesita apoyo psicosocial', 'A besoin d’un soutien psychosocial', 'Precisa de apoio psicossocial')),
        { id: 'wantsToReturnHome', type: 'choice', choices: 'wantsToReturnHome', label: L('Wants to return home', 'Desea regresar a su país', 'Souhaite rentrer chez elle', 'Deseja regressar a casa') },
      ],
    },
    {
      id: 'child',
      title: L('Child', 'Niñez', 'Enfant', 'Criança'),
      relevant: { and: [consented, { var: 'treatedAsChild' }] },
      questions: [
        { id: 'caregiverWhereabouts', type: 'text', personalData: true, label: L('Where the parents or usual caregivers are', 'Dónde están sus padres o cuidadores habituales', 'Où se trouvent les parents ou les personnes qui s’en occupent', 'Onde estão os pais ou cuidadores habituais') },
        { id: 'separationCause', type: 'choice', choices: 'separationCause', label: L('Why the child is separated', 'Por qué está separado o separada', 'Pourquoi l’enfant est séparé', 'Porque está separada') },
        yesNo('birthRegistered', L('Birth is registered', 'El nacimiento está registrado', 'La naissance est enregistrée', 'O nascimento está registado')),
        yesNo('ageAssessmentNeeded', L('An age assessment is needed', 'Se necesita una evaluación de la edad', 'Une évaluation de l’âge est nécessaire', 'É necessária uma avaliação da idade')),
      ],
    },
    {
      id: 'conclusion',
      title: L('Interviewer’s conclusion', 'Conclusión de quien entrevista', 'Conclusion de l’intervieweur', 'Conclusão de quem entrevista'),
      questions: [
        { id: 'interviewerConclusion', type: 'choice', choices: 'interviewerConclusion', required: true, label: L('Your conclusion', 'Su conclusión', 'Votre conclusion', 'A sua conclusão') },
        { id: 'interviewerNotes', type: 'longText', personalData: true, label: L('Notes', 'Notas', 'Notes', 'Notas') },
      ],
    },
  ],
  choiceLists: {
    lawEnforcementConsent: choices([
      ['yes', L('Yes', 'Sí', 'Oui', 'Sim')],
      ['no', L('No', 'No', 'Non', 'Não')],
      ['later', L('Wants to decide later', 'Quiere decidir más tarde', 'Veut décider plus tard', 'Quer decidir mais tarde')],
    ]),
    gender: choices([
      ['woman', L('Woman', 'Mujer', 'Femme', 'Mulher')],
      ['man', L('Man', 'Hombre', 'Homme', 'Homem')],
      ['transgender_nonconforming', L('Transgender or gender non-conforming', 'Transgénero o de género no conforme', 'Transgenre ou non conforme au genre', 'Transgénero ou de género não conforme')],
      ['undisclosed', L('Prefers not to say', 'Prefiere no decirlo', 'Préfère ne pas le dire', 'Prefere não dizer')],
    ]),
    separationStatus: choices([
      ['accompanied', L('Accompanied by a parent or usual caregiver', 'Acompañado por su madre, padre o cuidador habitual', 'Accompagné par un parent ou la personne qui s’en occupe', 'Acompanhada por um dos pais ou cuidador habitual')],
      ['unaccompanied', L('Unaccompanied', 'No acompañado', 'Non accompagné', 'Não acompanhada')],
      ['separated', L('Separated (with another adult)', 'Separado (con otro adulto)', 'Séparé (avec un autre adulte)', 'Separada (com outro adulto)')],
    ]),
    arrivalMode: choices([
      ['land', L('Land', 'Tierra', 'Terre', 'Terra')],
      ['sea', L('Sea', 'Mar', 'Mer', 'Mar')],
      ['air', L('Air', 'Aire', 'Air', 'Ar')],
    ]),
    recruitmentMethod: choices([
      ['place_of_business', L('At a place of business', 'En un comercio', 'Dans un commerce', 'Num estabelecimento comercial')],
      ['educational_institution', L('At an educational institution', 'En un centro educativo', 'Dans un établissement scolaire', 'Numa instituição de ensino')],
      ['at_work', L('At work', 'En el trabajo', 'Au travail', 'No trabalho')],
      ['online_social_network', L('Online social network', 'Red social en línea', 'Réseau social en ligne', 'Rede social online')],
      ['online_advert', L('Online advertisement', 'Anuncio en línea', 'Annonce en ligne', 'Anúncio online')],
      ['tv_advert', L('Television advertisement', 'Anuncio de televisión', 'Annonce télévisée', 'Anúncio de televisão')],
      ['newspaper_advert', L('Newspaper advertisement', 'Anuncio de periódico', 'Annonce dans un journal', 'Anúncio de jornal')],
      ['family', L('Through family', 'A través de la familia', 'Par la famille', 'Através da família')],
      ['friends', L('Through friends', 'A través de amistades', 'Par des amis', 'Através de amigos')],
      ['other', L('Other', 'Otro', 'Autre', 'Outro')],
    ]),
    recruiterRelation: choices([
      ['intimate_partner', L('Intimate partner', 'Pareja', 'Partenaire intime', 'Parceiro íntimo')],
      ['friend', L('Friend', 'Amistad', 'Ami', 'Amigo')],
      ['family', L('Family', 'Familia', 'Famille', 'Família')],
      ['other', L('Other', 'Otro', 'Autre', 'Outro')],
      ['unknown', L('Unknown', 'Desconocido', 'Inconnu', 'Desconhecido')],
    ]),
    exploitationTypes: choices([
      ['forced_labour', L('Forced labour', 'Trabajo forzoso', 'Travail forcé', 'Trabalho forçado')],
      ['sexual_exploitation', L('Sexual exploitation', 'Explotación sexual', 'Exploitation sexuelle', 'Exploração sexual')],
      ['forced_begging', L('Forced begging', 'Mendicidad forzada', 'Mendicité forcée', 'Mendicidade forçada')],
      ['forced_criminality', L('Forced criminality', 'Criminalidad forzada', 'Criminalité forcée', 'Criminalidade forçada')],
      ['forced_marriage', L('Forced marriage', 'Matrimonio forzado', 'Mariage forcé', 'Casamento forçado')],
      ['domestic_servitude', L('Domestic servitude', 'Servidumbre doméstica', 'Servitude domestique', 'Servidão doméstica')],
      ['organ_removal', L('Organ removal', 'Extracción de órganos', 'Prélèvement d’organes', 'Remoção de órgãos')],
      ['other', L('Other', 'Otro', 'Autre', 'Outro')],
    ]),
    labourSector: choices([
      ['agriculture', L('Agriculture', 'Agricultura', 'Agriculture', 'Agricultura')],
      ['aquafarming', L('Aquafarming or fishing', 'Acuicultura o pesca', 'Aquaculture ou pêche', 'Aquacultura ou pesca')],
      ['begging', L('Begging', 'Mendicidad', 'Mendicité', 'Mendicidade')],
      ['construction', L('Construction', 'Construcción', 'Construction', 'Construção')],
      ['domestic_work', L('Domestic work', 'Trabajo doméstico', 'Travail domestique', 'Trabalho doméstico')],
      ['hospitality', L('Hospitality', 'Hostelería', 'Hôtellerie-restauration', 'Hotelaria')],
      ['illicit_activities', L('Illicit activities', 'Actividades ilícitas', 'Activités illicites', 'Atividades ilícitas')],
      ['manufacturing', L('Manufacturing', 'Manufactura', 'Industrie manufacturière', 'Indústria transformadora')],
      ['mining_or_drilling', L('Mining or drilling', 'Minería o perforación', 'Mines ou forage', 'Mineração ou perfuração')],
      ['peddling', L('Street vending', 'Venta ambulante', 'Vente ambulante', 'Venda ambulante')],
      ['transportation', L('Transportation', 'Transporte', 'Transport', 'Transportes')],
      ['other', L('Other', 'Otro', 'Autre', 'Outro')],
    ]),
    sexualExploitationType: choices([
      ['prostitution', L('Prostitution', 'Prostitución', 'Prostitution', 'Prostituição')],
      ['pornography', L('Pornography', 'Pornografía', 'Pornographie', 'Pornografia')],
      ['remote_interactive_services', L('Remote interactive services (online)', 'Servicios interactivos a distancia (en línea)', 'Services interactifs à distance (en ligne)', 'Serviços interativos à distância (online)')],
      ['private_sexual_services', L('Private sexual services', 'Servicios sexuales privados', 'Services sexuels privés', 'Serviços sexuais privados')],
    ]),
    persecutionGrounds: choices([
      ['race', L('Race', 'Raza', 'Race', 'Raça')],
      ['religion', L('Religion', 'Religión', 'Religion', 'Religião')],
      ['nationality', L('Nationality', 'Nacionalidad', 'Nationalité', 'Nacionalidade')],
      ['political_opinion', L('Political opinion', 'Opinión política', 'Opinion politique', 'Opinião política')],
      ['social_group', L('Membership of a particular social group', 'Pertenencia a un determinado grupo social', 'Appartenance à un certain groupe social', 'Pertença a um determinado grupo social')],
    ]),
    documentStatus: choices([
      ['valid', L('Valid', 'Vigentes', 'Valides', 'Válidos')],
      ['expired', L('Expired', 'Vencidos', 'Expirés', 'Caducados')],
      ['none', L('None', 'Ninguno', 'Aucun', 'Nenhum')],
      ['false', L('False', 'Falsos', 'Faux', 'Falsos')],
      ['confiscated', L('Confiscated', 'Confiscados', 'Confisqués', 'Confiscados')],
    ]),
    wantsToReturnHome: choices([
      ['yes', L('Yes', 'Sí', 'Oui', 'Sim')],
      ['no', L('No', 'No', 'Non', 'Não')],
      ['undecided', L('Undecided', 'No lo ha decidido', 'Indécise', 'Indecisa')],
    ]),
    separationCause: choices([
      ['migration', L('Migration', 'Migración', 'Migration', 'Migração')],
      ['conflict', L('Conflict', 'Conflicto', 'Conflit', 'Conflito')],
      ['entrusted_to_individual', L('Entrusted to another person', 'Confiado a otra persona', 'Confié à une autre personne', 'Confiada a outra pessoa')],
      ['abandonment', L('Abandonment', 'Abandono', 'Abandon', 'Abandono')],
      ['lost', L('Lost', 'Extraviado', 'Perdu', 'Perdida')],
      ['trafficking', L('Trafficking', 'Trata', 'Traite', 'Tráfico de pessoas')],
      ['other', L('Other', 'Otro', 'Autre', 'Outro')],
    ]),
    interviewerConclusion: choices([
      ['presumed_victim', L('Presumed victim of trafficking', 'Presunta víctima de trata', 'Victime présumée de la traite', 'Presumível vítima de tráfico')],
      ['possible_victim', L('Possible victim of trafficking', 'Posible víctima de trata', 'Victime possible de la traite', 'Possível vítima de tráfico')],
      ['not_a_victim', L('Not a victim of trafficking', 'No es víctima de trata', 'Pas victime de la traite', 'Não é vítima de tráfico')],
      ['further_assessment', L('Needs further assessment', 'Requiere una evaluación adicional', 'Nécessite une évaluation complémentaire', 'Requer avaliação adicional')],
    ]),
  },
};
