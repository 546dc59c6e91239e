/** React access to the app store: a provider for one store instance and a hook taking a module-scope selector. */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './types';

const StoreContext = createContext<AppStore | null>(null);

/** Makes a store (one per app, a fresh one per test) available to the components below. */
export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

/** Reads a slice of the app state; re-renders only when the selected value changes. */
export function useAppStore<T>(selector: (s: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore must be used inside <StoreProvider>');
  return useStore(store, selector);
}
