// Why a workbook is refused: where (sheet, 1-based row, column header) and what. Nothing of a
// refused workbook is stored; the route answers 400 with these fields.

export interface XlsFormWarning {
  sheet: string;
  row?: number;
  column?: string;
  message: string;
}

/** Where in the workbook a value was read: what a refusal or warning names. */
export type Place = Omit<XlsFormWarning, 'message'>;

export class XlsFormRefusal extends Error {
  readonly code: 'XLSFORM_INVALID' | 'XLSFORM_UNSUPPORTED';
  readonly sheet: string;
  readonly row?: number;
  readonly column?: string;

  constructor(code: XlsFormRefusal['code'], place: Place, message: string) {
    const where = [place.sheet, place.row !== undefined ? `row ${place.row}` : '', place.column ?? ''].filter(Boolean).join(', ');
    super(`${where}: ${message}`);
    this.name = 'XlsFormRefusal';
    this.code = code;
    this.sheet = place.sheet;
    if (place.row !== undefined) this.row = place.row;
    if (place.column !== undefined) this.column = place.column;
  }
}

export const unsupported = (place: Place, message: string) => new XlsFormRefusal('XLSFORM_UNSUPPORTED', place, message);
export const invalid = (place: Place, message: string) => new XlsFormRefusal('XLSFORM_INVALID', place, message);
