// The view state mirrored in the address bar (browser main thread): a zustand vanilla
// store over core/url-state.ts; every change is written back with history.replaceState
// so the current address always reproduces the view (and never carries a token).

import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { formatUrlState, parseUrlState, type UrlState } from '../core/url-state';

export interface UrlStoreState {
  readonly view: UrlState;
  /** What was dropped from the address it was opened with. */
  readonly problems: readonly string[];
  patch(p: Partial<UrlState>): void;
}

export type UrlStore = StoreApi<UrlStoreState>;

export function createUrlStore(loc: { readonly search: string; readonly pathname: string }, history: Pick<History, 'replaceState'> | undefined): UrlStore {
  const { state, errors } = parseUrlState(loc.search);
  const store = createStore<UrlStoreState>()((set, get) => ({
    view: state,
    problems: errors,
    patch: (p) => set({ view: { ...get().view, ...p } }),
  }));
  store.subscribe((s, prev) => {
    if (s.view !== prev.view) history?.replaceState(null, '', `${loc.pathname}${formatUrlState(s.view)}`);
  });
  return store;
}

export function useUrl<T>(store: UrlStore, pick: (s: UrlStoreState) => T): T {
  return useStore(store, pick);
}
