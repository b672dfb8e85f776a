import { useMemo } from 'react';
import { useResolvedPath } from 'react-router-dom';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';

/**
 * The path the ITSM pages are mounted at (`/itsm` in the app). Every page of
 * the ITSM router is a direct child route, so the parent route is the mount
 * point; this works wherever the app mounts the router.
 */
export function useItsmRoot(): string {
  const { pathname } = useResolvedPath('..');
  return pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

/** Builds paths below the ITSM mount point. */
export function itsmPaths(root: string) {
  return {
    home: () => root || '/',
    list: (type: ItsmRecordType, search?: string) =>
      `${root}/${type}${search ? `?${search}` : ''}`,
    create: (type: ItsmRecordType) => `${root}/${type}/new`,
    detail: (type: ItsmRecordType, key: string) =>
      `${root}/${type}/${encodeURIComponent(key)}`,
    edit: (type: ItsmRecordType, key: string) =>
      `${root}/${type}/${encodeURIComponent(key)}/edit`,
    calendar: (search?: string) =>
      `${root}/calendar${search ? `?${search}` : ''}`,
  };
}

/** The paths of the ITSM pages, as seen from the current page. */
export function useItsmPaths() {
  const root = useItsmRoot();
  return useMemo(() => itsmPaths(root), [root]);
}

/** The catalog entity page of an entity ref (`/catalog/:namespace/:kind/:name`). */
export function catalogEntityPath(ref: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  return `/catalog/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
    ref.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(ref.name)}`;
}
