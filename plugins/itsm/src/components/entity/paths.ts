import { useMemo } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';

/** Where the ITSM pages live when the app does not say otherwise. */
export const DEFAULT_ITSM_PATH = '/itsm';

/** Links into the ITSM pages. */
export interface ItsmPaths {
  /** The page of one record, e.g. `/itsm/incidents/INC-12`. */
  record(type: string, key: string): string;
  /** The form that registers a new incident or RFC for an entity. */
  newRecord(type: 'incidents' | 'changes', entityRef: string): string;
  /** The list of the records of an entity in some states. */
  list(type: string, entityRef: string, states: readonly string[]): string;
}

/** Builds the links below an ITSM base path. */
export function itsmPaths(basePath: string): ItsmPaths {
  const base = basePath.replace(/\/+$/, '');
  return {
    record: (type, key) =>
      `${base}/${encodeURIComponent(type)}/${encodeURIComponent(key)}`,
    newRecord: (type, entityRef) =>
      `${base}/${type}/new?${new URLSearchParams({ entityRef })}`,
    list: (type, entityRef, states) => {
      const params = new URLSearchParams({ entityRef });
      states.forEach(state => params.append('state', state));
      return `${base}/${encodeURIComponent(type)}?${params}`;
    },
  };
}

function useItsmBasePath(): string {
  // Both frontend systems resolve the plugin's root route ref to where the
  // app mounted the ITSM page; when it is not mounted (or the hook has no
  // routing context), the default path is used. useRouteRef calls its hooks
  // unconditionally before it throws, so the hook order stays stable.
  try {
    const routeFunc = useRouteRef(rootRouteRef);
    return routeFunc?.() || DEFAULT_ITSM_PATH;
  } catch {
    return DEFAULT_ITSM_PATH;
  }
}

/** The links into the ITSM pages of the current app. */
export function useItsmPaths(): ItsmPaths {
  const basePath = useItsmBasePath();
  return useMemo(() => itsmPaths(basePath), [basePath]);
}
