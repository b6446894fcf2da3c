// Bearer tokens and what they open (DESIGN.md "Tokens"): the operator's token opens
// everything; a customer's opens only /ca/customers/<its id>. Missing or unknown token:
// 401. A valid token on another tenant's path or on an operator-only route: 403.
// Pure TypeScript; the tenant a request acts for is decided here and passed down
// explicitly, never kept in a global.

import { CaError } from './errors';

/** Who is calling, as proven by the token. */
export type Caller = { readonly kind: 'operator' } | { readonly kind: 'customer'; readonly id: string };

/** Whose namespace a path addresses: /ca/... (global) or /ca/customers/:custid/... */
export type Scope = { readonly kind: 'global' } | { readonly kind: 'customer'; readonly custid: string };

export interface CustomerToken {
  readonly id: string;
  readonly token: string;
}

/** Compare in time independent of where the strings first differ, so a token cannot be guessed a character at a time. */
function sameToken(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/** The token from `Authorization: Bearer TOKEN`, or undefined when there is none. */
export function bearerToken(headers: Readonly<Record<string, string>>): string | undefined {
  const h = headers['authorization'];
  if (h === undefined) return undefined;
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(h);
  if (m === null) {
    throw new CaError('ECA_UNAUTH', 'malformed Authorization header: expected "Authorization: Bearer TOKEN"');
  }
  return m[1];
}

export class TokenTable {
  private readonly customers: readonly CustomerToken[];

  constructor(
    private readonly operatorToken: string,
    customers: readonly CustomerToken[],
  ) {
    if (operatorToken === '') throw new Error('the operator token must not be empty');
    for (const c of customers) {
      if (sameToken(c.token, operatorToken)) throw new Error(`customer "${c.id}" has the operator's token; tokens must differ`);
    }
    this.customers = customers;
  }

  /** The caller a request's token proves, or 401. */
  authenticate(headers: Readonly<Record<string, string>>): Caller {
    const token = bearerToken(headers);
    if (token === undefined) {
      throw new CaError('ECA_UNAUTH', 'missing token: send "Authorization: Bearer TOKEN" (the operator token or a customer token)');
    }
    if (sameToken(token, this.operatorToken)) return { kind: 'operator' };
    // Check every customer so the time taken does not say which one matched.
    let found: CustomerToken | undefined;
    for (const c of this.customers) if (sameToken(token, c.token)) found = c;
    if (found === undefined) throw new CaError('ECA_UNAUTH', 'unknown token');
    return { kind: 'customer', id: found.id };
  }

  /**
   * 403 unless the caller may use a route in `scope`. `operatorOnly` routes (/ca/admin/*)
   * refuse every customer. A customer may use only its own /ca/customers/<id> tree.
   */
  authorize(caller: Caller, scope: Scope, operatorOnly: boolean): void {
    if (caller.kind === 'operator') return;
    if (operatorOnly) throw new CaError('ECA_FORBIDDEN', 'this route is for the operator only');
    switch (scope.kind) {
      case 'global':
        throw new CaError('ECA_FORBIDDEN', `a customer token opens only /ca/customers/${caller.id}; /ca itself is the operator's`);
      case 'customer':
        if (scope.custid !== caller.id) {
          throw new CaError('ECA_FORBIDDEN', `this token belongs to customer "${caller.id}" and opens only /ca/customers/${caller.id}`);
        }
        return;
    }
  }

  /** Whether `id` is a customer this service knows. */
  hasCustomer(id: string): boolean {
    return this.customers.some((c) => c.id === id);
  }
}
