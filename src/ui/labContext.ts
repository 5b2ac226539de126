import { createContext, useContext } from 'react';
import type { LabClient } from '../worker/client';

export const LabContext = createContext<LabClient | null>(null);

/** The worker client; the UI reaches compute and storage only through it. */
export function useLab(): LabClient {
  const client = useContext(LabContext);
  if (!client) throw new Error('useLab outside <LabContext.Provider>');
  return client;
}

/** A readable message from anything thrown across the worker boundary. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
