// A coalition member, as a coordinator or admin registers it (POST /organizations). The web app
// runs it like any form, in the admin's language, and turns the answers into the API's body.
import { labels as L, type FormDefinition } from '../engine/types.ts';

const isShelter = { '==': [{ var: 'type' }, 'shelter'] };

export const organisationV1: FormDefinition = {
  id: 'organisation',
  version: 1,
  published: '2026-11-28',
  title: L('New organisation', 'Nueva organización', 'Nouvelle organisation', 'Nova organização'),
  sections: [
    {
      id: 'organisation',
      title: L('Organisation', 'Organización', 'Organisation', 'Organização'),
      questions: [
        { id: 'type', type: 'choice', choices: 'organisationType', required: true, label: L('What it does', 'Qué hace', 'Ce qu’elle fait', 'O que faz') },
        { id: 'name', type: 'text', required: true, label: L('Name', 'Nombre', 'Nom', 'Nome') },
        {
          id: 'id',
          type: 'text',
          required: true,
          label: L('Short id', 'Identificador corto', 'Identifiant court', 'Identificador curto'),
          hint: L('Lowercase letters, digits and dashes, e.g. org-shelter-north', 'Minúsculas, dígitos y guiones, p. ej. org-albergue-norte', 'Minuscules, chiffres et tirets, p. ex. org-foyer-nord', 'Minúsculas, dígitos e hífenes, p. ex. org-abrigo-norte'),
        },
        { id: 'country', type: 'country', required: true, label: L('Country', 'País', 'Pays', 'País'), hint: L('Type to search the list', 'Escriba para buscar en la lista', 'Tapez pour chercher dans la liste', 'Escreva para procurar na lista') },
        {
          id: 'distanceRank',
          type: 'number',
          min: 0,
          max: 100000,
          label: L('Distance rank', 'Orden de cercanía', 'Rang de proximité', 'Ordem de proximidade'),
          hint: L('Lower is nearer to the intake points; shelters are offered nearest first', 'Menor es más cerca de los puntos de identificación; los albergues se ofrecen del más cercano al más lejano', 'Plus petit est plus près des points d’accueil ; les foyers sont proposés du plus proche au plus éloigné', 'Menor é mais perto dos pontos de triagem; os abrigos são propostos do mais próximo ao mais distante'),
        },
      ],
    },
    {
      id: 'shelter',
      title: L('Shelter', 'Albergue', 'Foyer', 'Abrigo'),
      relevant: isShelter,
      questions: [
        { id: 'capacity', type: 'number', min: 0, max: 10000, required: true, relevant: isShelter, label: L('Capacity (beds)', 'Capacidad (camas)', 'Capacité (lits)', 'Capacidade (camas)') },
        {
          id: 'bedsFree',
          type: 'number',
          min: 0,
          max: 10000,
          required: true,
          relevant: isShelter,
          label: L('Beds free now', 'Camas libres ahora', 'Lits libres maintenant', 'Camas livres agora'),
          constraint: {
            expression: { '<=': [{ var: 'bedsFree' }, { var: 'capacity' }] },
            message: L('Cannot exceed the capacity', 'No puede superar la capacidad', 'Ne peut dépasser la capacité', 'Não pode exceder a capacidade'),
          },
        },
        { id: 'sexes', type: 'multiChoice', choices: 'sex', required: true, relevant: isShelter, label: L('Whom it takes', 'A quién acoge', 'Qui il accueille', 'Quem acolhe') },
        { id: 'ageMin', type: 'number', min: 0, max: 120, required: true, relevant: isShelter, label: L('Youngest age taken', 'Edad mínima', 'Âge minimum', 'Idade mínima') },
        {
          id: 'ageMax',
          type: 'number',
          min: 0,
          max: 120,
          required: true,
          relevant: isShelter,
          label: L('Oldest age taken', 'Edad máxima', 'Âge maximum', 'Idade máxima'),
          constraint: {
            expression: { '>=': [{ var: 'ageMax' }, { var: 'ageMin' }] },
            message: L('Cannot be below the youngest age', 'No puede ser menor que la edad mínima', 'Ne peut être inférieur à l’âge minimum', 'Não pode ser inferior à idade mínima'),
          },
        },
        { id: 'acceptsChildren', type: 'yesNo', required: true, relevant: isShelter, label: L('Takes children?', '¿Acoge a niñas y niños?', 'Accueille des enfants ?', 'Acolhe crianças?') },
        { id: 'languages', type: 'languages', required: true, relevant: isShelter, label: L('Languages spoken', 'Idiomas que se hablan', 'Langues parlées', 'Línguas faladas'), hint: L('Type to search the list; choose every language spoken', 'Escriba para buscar en la lista; elija cada idioma que se habla', 'Tapez pour chercher dans la liste ; choisissez chaque langue parlée', 'Escreva para procurar na lista; escolha cada língua falada') },
      ],
    },
  ],
  choiceLists: {
    organisationType: [
      { value: 'shelter', label: L('Shelter', 'Albergue', 'Foyer', 'Abrigo') },
      { value: 'asylum', label: L('Asylum authority', 'Autoridad de asilo', 'Autorité d’asile', 'Autoridade de asilo') },
      { value: 'child-protection', label: L('Child-protection office', 'Oficina de protección de la niñez', 'Service de protection de l’enfance', 'Serviço de proteção da criança') },
      { value: 'liaison', label: L('Law-enforcement liaison unit', 'Unidad de enlace policial', 'Unité de liaison avec les forces de l’ordre', 'Unidade de ligação policial') },
      { value: 'labour-inspectorate', label: L('Labour inspectorate', 'Inspección de trabajo', 'Inspection du travail', 'Inspeção do trabalho') },
      { value: 'screening', label: L('Screening team', 'Equipo de identificación', 'Équipe de dépistage', 'Equipa de triagem') },
      { value: 'coordination', label: L('Coordination', 'Coordinación', 'Coordination', 'Coordenação') },
      { value: 'legal-aid', label: L('Legal aid', 'Asistencia jurídica', 'Aide juridique', 'Apoio jurídico') },
      { value: 'health', label: L('Health service', 'Servicio de salud', 'Service de santé', 'Serviço de saúde') },
      { value: 'psychosocial', label: L('Psychosocial support', 'Apoyo psicosocial', 'Soutien psychosocial', 'Apoio psicossocial') },
      { value: 'family-tracing', label: L('Family tracing', 'Búsqueda de familiares', 'Recherche familiale', 'Localização de familiares') },
    ],
    sex: [
      { value: 'woman', label: L('Women', 'Mujeres', 'Femmes', 'Mulheres') },
      { value: 'man', label: L('Men', 'Hombres', 'Hommes', 'Homens') },
      { value: 'transgender_nonconforming', label: L('Transgender or gender non-conforming people', 'Personas trans o de género no conforme', 'Personnes trans ou de genre non conforme', 'Pessoas trans ou de género não conforme') },
      { value: 'undisclosed', label: L('People who do not say', 'Personas que no lo indican', 'Personnes qui ne le disent pas', 'Pessoas que não o indicam') },
    ],
  },
};
