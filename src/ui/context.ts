// What the React tree is given (browser main thread): the API client, the stores and
// what the back end said at start-up. Passed once through a context from main.tsx, so
// components never import singletons and tests can hand in their own.

import { createContext, useContext } from 'react';
import type { ApiClient, ApiMode } from './api-client';
import type { DashboardStoreApi } from './stores/dashboard';
import type { SessionStore } from './stores/session';
import type { UrlStore } from './stores/url';

/** The back end once it runs: in this tab (MSW + workers) or zonescope serve. */
export interface Backend {
  readonly mode: ApiMode;
  /** The scenario's name ('server' over HTTP, where the app does not choose it). */
  readonly scenario: string;
  /** The seed a shared link asked for (shown beside the scenario); undefined: the scenario's own. */
  readonly seed?: number;
  /** The operator's token (in the tab; over HTTP the person types it). */
  readonly operatorToken?: string;
  /** The scenario's customers and their tokens (the demo shows them). */
  readonly customers: readonly { readonly id: string; readonly token: string }[];
}

export interface AppDeps {
  readonly api: ApiClient;
  readonly session: SessionStore;
  readonly dashboard: DashboardStoreApi;
  readonly url: UrlStore;
}

export const DepsContext = createContext<AppDeps | undefined>(undefined);
/** An API client bound to the token of whoever is signed in now: a view's requests keep its identity's token even while a switch is under way. */
export const ApiContext = createContext<ApiClient | undefined>(undefined);
export const BackendContext = createContext<Backend | undefined>(undefined);

export function useDeps(): AppDeps {
  const d = useContext(DepsContext);
  if (d === undefined) throw new Error('useDeps outside <DepsContext.Provider>');
  return d;
}

/** The signed-in identity's API client (falls back to the session-following one outside a sign-in). */
export function useApi(): ApiClient {
  const bound = useContext(ApiContext);
  const deps = useDeps();
  return bound ?? deps.api;
}

export function useBackend(): Backend {
  const b = useContext(BackendContext);
  if (b === undefined) throw new Error('useBackend before the back end started');
  return b;
}
