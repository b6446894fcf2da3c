// Who is signed in (browser main thread): the operator or a customer, and the token the
// API client sends. A zustand vanilla store with a thin hook. The token lives in memory
// and in sessionStorage (this tab only, gone when it closes) and never in the URL.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { z } from 'zod';

export type Identity = { readonly kind: 'operator' } | { readonly kind: 'customer'; readonly custid: string };

export interface SessionState {
  readonly identity: Identity | undefined;
  readonly token: string | undefined;
}

export interface SessionActions {
  signInOperator(token: string): void;
  signInCustomer(custid: string, token: string): void;
  signOut(): void;
}

export type SessionStore = StoreApi<SessionState & SessionActions>;

const STORAGE_KEY = 'zonescope.session';

const storedSchema = z.object({
  identity: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('operator') }),
    z.object({ kind: z.literal('customer'), custid: z.string().min(1) }),
  ]),
  token: z.string().min(1),
});

/** The API prefix for an identity: /ca for the operator, /ca/customers/<id> for a customer. */
export function basePathOf(id: Identity): string {
  switch (id.kind) {
    case 'operator':
      return '/ca';
    case 'customer':
      return `/ca/customers/${encodeURIComponent(id.custid)}`;
  }
}

/** A short stable name for an identity (dashboard keys, labels). */
export function whoOf(id: Identity): string {
  switch (id.kind) {
    case 'operator':
      return 'operator';
    case 'customer':
      return `customer:${id.custid}`;
  }
}

export function createSessionStore(storage: Storage | undefined): SessionStore {
  let initial: SessionState = { identity: undefined, token: undefined };
  const raw = storage?.getItem(STORAGE_KEY);
  if (raw !== undefined && raw !== null) {
    try {
      const r = storedSchema.safeParse(JSON.parse(raw));
      if (r.success) initial = { identity: r.data.identity, token: r.data.token };
    } catch {
      // A damaged entry: start signed out.
    }
  }
  const store = createStore<SessionState & SessionActions>()((set) => ({
    ...initial,
    signInOperator: (token) => set({ identity: { kind: 'operator' }, token }),
    signInCustomer: (custid, token) => set({ identity: { kind: 'customer', custid }, token }),
    signOut: () => set({ identity: undefined, token: undefined }),
  }));
  store.subscribe((s) => {
    if (s.identity === undefined || s.token === undefined) storage?.removeItem(STORAGE_KEY);
    else storage?.setItem(STORAGE_KEY, JSON.stringify({ identity: s.identity, token: s.token }));
  });
  return store;
}

export function useSession<T>(store: SessionStore, pick: (s: SessionState & SessionActions) => T): T {
  return useStore(store, pick);
}
