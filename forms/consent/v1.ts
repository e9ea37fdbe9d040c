// Consent (`consent`), version 1: what the person agreed to, for which purpose, explained in which
// language; always revocable. Recorded on the case through POST /cases/{caseId}/consent.
import { labels as L, type FormDefinition } from '../engine/types.ts';
import { screeningInterviewV1 } from '../screening-interview/v1.ts';

const yes = { '==': [{ var: 'dataSharing' }, 'yes'] };

export const consentV1: FormDefinition = {
  id: 'consent',
  version: 1,
  published: '2026-11-28',
  title: L('Consent', 'Consentimiento', 'Consentement', 'Consentimento'),
  sections: [
    {
      id: 'consent',
      title: L('What the person agrees to', 'A qué da su consentimiento la persona', 'Ce à quoi la personne consent', 'Aquilo com que a pessoa concorda'),
      questions: [
        { id: 'assistance', type: 'yesNo', required: true, label: L('Agrees to receive assistance', 'Acepta recibir asistencia', 'Accepte de recevoir une assistance', 'Aceita receber assistência') },
        { id: 'dataSharing', type: 'yesNo', required: true, label: L('Agrees that their data is shared with the organisations named below', 'Acepta que sus datos se compartan con las organizaciones indicadas abajo', 'Accepte que ses données soient partagées avec les organisations nommées ci-dessous', 'Aceita que os seus dados sejam partilhados com as organizações indicadas abaixo') },
        { id: 'dataSharingOrganisations', type: 'text', relevant: yes, required: true, label: L('Organisations the data may be shared with', 'Organizaciones con las que se pueden compartir los datos', 'Organisations avec lesquelles les données peuvent être partagées', 'Organizações com as quais os dados podem ser partilhados') },
        { id: 'lawEnforcement', type: 'choice', choices: 'lawEnforcementConsent', required: true, label: L('Agrees to a referral to law enforcement', 'Acepta ser remitida a las autoridades policiales', 'Accepte d’être orientée vers les forces de l’ordre', 'Aceita ser encaminhada às autoridades policiais') },
        { id: 'explainedInLanguage', type: 'language', required: true, label: L('Language in which consent was explained', 'Idioma en que se explicó el consentimiento', 'Langue dans laquelle le consentement a été expliqué', 'Língua em que o consentimento foi explicado') },
        { id: 'toldRevocable', type: 'yesNo', required: true, label: L('Told that consent can be withdrawn at any time', 'Se le informó de que puede retirar su consentimiento en cualquier momento', 'Informée que le consentement peut être retiré à tout moment', 'Informada de que pode retirar o consentimento a qualquer momento'),
          constraint: { expression: { '==': [{ var: 'toldRevocable' }, 'yes'] }, message: L('Consent is valid only when the person was told they can withdraw it', 'El consentimiento solo es válido si se informó a la persona de que puede retirarlo', 'Le consentement n’est valable que si la personne a été informée qu’elle peut le retirer', 'O consentimento só é válido se a pessoa foi informada de que o pode retirar') } },
      ],
    },
  ],
  choiceLists: { lawEnforcementConsent: screeningInterviewV1.choiceLists.lawEnforcementConsent },
};
