// Validation messages in the submitter's language.
import type { Labels, Language } from './types.ts';

const catalogue = {
  required: {
    en: 'This question must be answered',
    es: 'Esta pregunta debe responderse',
    fr: 'Cette question doit recevoir une réponse',
    pt: 'Esta pergunta deve ser respondida',
  },
  notRelevant: {
    en: 'This question does not apply given the other answers; leave it out',
    es: 'Esta pregunta no aplica según las demás respuestas; omítala',
    fr: 'Cette question ne s’applique pas compte tenu des autres réponses ; omettez-la',
    pt: 'Esta pergunta não se aplica segundo as outras respostas; deixe-a de fora',
  },
  unknownQuestion: {
    en: 'This form has no such question',
    es: 'Este formulario no tiene esta pregunta',
    fr: 'Ce formulaire ne comporte pas cette question',
    pt: 'Este formulário não tem esta pergunta',
  },
  notAChoice: {
    en: 'Choose one of the listed answers',
    es: 'Elija una de las respuestas de la lista',
    fr: 'Choisissez l’une des réponses proposées',
    pt: 'Escolha uma das respostas da lista',
  },
  notText: { en: 'Enter text', es: 'Introduzca un texto', fr: 'Saisissez un texte', pt: 'Introduza um texto' },
  tooLong: {
    en: 'This text is too long',
    es: 'Este texto es demasiado largo',
    fr: 'Ce texte est trop long',
    pt: 'Este texto é demasiado longo',
  },
  notANumber: { en: 'Enter a number', es: 'Introduzca un número', fr: 'Saisissez un nombre', pt: 'Introduza um número' },
  tooSmall: {
    en: 'The number is below the smallest allowed',
    es: 'El número es menor que el mínimo permitido',
    fr: 'Le nombre est inférieur au minimum autorisé',
    pt: 'O número é menor do que o mínimo permitido',
  },
  tooLarge: {
    en: 'The number is above the largest allowed',
    es: 'El número es mayor que el máximo permitido',
    fr: 'Le nombre dépasse le maximum autorisé',
    pt: 'O número é maior do que o máximo permitido',
  },
  notADate: {
    en: 'Enter a date as YYYY-MM-DD',
    es: 'Introduzca una fecha como AAAA-MM-DD',
    fr: 'Saisissez une date au format AAAA-MM-JJ',
    pt: 'Introduza uma data como AAAA-MM-DD',
  },
  notAList: {
    en: 'Choose at least one answer',
    es: 'Elija al menos una respuesta',
    fr: 'Choisissez au moins une réponse',
    pt: 'Escolha pelo menos uma resposta',
  },
  notACountry: {
    en: 'Choose a country from the list, or stateless / unknown',
    es: 'Elija un país de la lista, o apátrida / desconocido',
    fr: 'Choisissez un pays dans la liste, ou apatride / inconnu',
    pt: 'Escolha um país da lista, ou apátrida / desconhecido',
  },
  notALanguage: {
    en: 'Choose a language from the list',
    es: 'Elija un idioma de la lista',
    fr: 'Choisissez une langue dans la liste',
    pt: 'Escolha uma língua da lista',
  },
  notAnswers: {
    en: 'The answers must be an object keyed by question id',
    es: 'Las respuestas deben ser un objeto con los identificadores de las preguntas',
    fr: 'Les réponses doivent être un objet indexé par identifiant de question',
    pt: 'As respostas devem ser um objeto indexado pelo identificador da pergunta',
  },
  notAWholeNumber: {
    en: 'Enter a whole number',
    es: 'Introduzca un número entero',
    fr: 'Saisissez un nombre entier',
    pt: 'Introduza um número inteiro',
  },
  notAnswerable: {
    en: 'This is a note, not a question; leave it out',
    es: 'Esto es una nota, no una pregunta; omítala',
    fr: 'Ceci est une note, pas une question ; omettez-la',
    pt: 'Isto é uma nota, não uma pergunta; deixe-a de fora',
  },
  tooManyItems: {
    en: 'Too many entries',
    es: 'Demasiadas entradas',
    fr: 'Trop d’entrées',
    pt: 'Demasiadas entradas',
  },
} satisfies Record<string, Labels>;

export type MessageId = keyof typeof catalogue;

export function message(id: MessageId, language: Language): string {
  return catalogue[id][language];
}

export const messageCatalogue: Record<MessageId, Labels> = catalogue;
