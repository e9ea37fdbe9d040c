// A request the rules refuse: the status and code the API answers with, a message a person can
// act on, and the fields at fault. Raised by domain services; the HTTP layer answers with it.
export class Refusal extends Error {
  override name = 'Refusal';
  readonly status: number;
  readonly code: string;
  readonly fields?: Record<string, string>;
  constructor(status: number, code: string, message: string, fields?: Record<string, string>) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** Field errors of an answers object, named as the API names them (`answers.<question>`). */
export const answerFields = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([path, message]) => [`answers.${path}`, message]));
