// Cloud Analytics errors: a CA error code (what the REST layer turns into an HTTP status
// and a `{"error":{"code","message"}}` body) and CA's wording for a bad field value
// (CA:lib/ca/ca-error.js). Pure TypeScript; thrown by validation anywhere in src/ca.

export type CaErrorCode = 'ECA_INVAL' | 'ECA_NOENT' | 'ECA_EXISTS' | 'ECA_NORESOURCE' | 'ECA_TOOBIG' | 'ECA_UNAUTH' | 'ECA_FORBIDDEN';

export class CaError extends Error {
  constructor(
    readonly code: CaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CaError';
  }
}

/** The HTTP status CA answers with for each code (ECA_EXISTS: a conflict, as ECA_INVAL). */
export const CA_HTTP_STATUS: Readonly<Record<CaErrorCode, number>> = {
  ECA_INVAL: 409,
  ECA_EXISTS: 409,
  ECA_NOENT: 404,
  ECA_TOOBIG: 413,
  ECA_NORESOURCE: 503,
  ECA_UNAUTH: 401,
  ECA_FORBIDDEN: 403,
};

/** CA's message for an invalid value of one field: `value <json> for field "<f>" is invalid: <reason>`. */
export function fieldError(field: string, value: unknown, reason: string): CaError {
  return new CaError('ECA_INVAL', `value ${JSON.stringify(value)} for field "${field}" is invalid: ${reason}`);
}
