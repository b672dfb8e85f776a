import { useMemo } from 'react';
import {
  AnyParams,
  RouteFunc,
  RouteRef,
  SubRouteRef,
  useRouteRef,
} from '@backstage/core-plugin-api';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import {
  cabMeetingRouteRef,
  calendarRouteRef,
  releaseManagementRouteRef,
  editRecordRouteRef,
  listRouteRef,
  myWorkRouteRef,
  newRecordRouteRef,
  recordRouteRef,
  rootRouteRef,
} from '../../routes';

/** Where the ITSM pages live when the app has not mounted them. */
export const DEFAULT_ITSM_PATH = '/itsm';

/** Links to the ITSM pages. */
export interface ItsmPaths {
  /** The ITSM home, e.g. `/itsm`. */
  home(): string;
  /** The list of a record type, with an optional query string (filters). */
  list(type: ItsmRecordType, search?: string): string;
  /** The create form of a record type, with an optional query string. */
  create(type: ItsmRecordType, search?: string): string;
  /** The page of one record, e.g. `/itsm/incidents/INC-12`. */
  detail(type: ItsmRecordType, key: string): string;
  /** The edit form of one record. */
  edit(type: ItsmRecordType, key: string): string;
  /** The change calendar, with an optional query string. */
  calendar(search?: string): string;
  /** Release management of a service (its backlog and CAB meetings). */
  releaseManagement(serviceRef?: string): string;
  /** The board of a CAB meeting, e.g. `/itsm/cab-meetings/CAB-3`. */
  cabMeeting(key: string): string;
  /** "My work", with an optional query string (`section=approvals`). */
  myWork(search?: string): string;
}

const serviceSearch = (serviceRef?: string) =>
  serviceRef ? `service=${encodeURIComponent(serviceRef)}` : undefined;

const withSearch = (path: string, search?: string) =>
  search ? `${path}?${search}` : path;

/**
 * Builds the links below a base path, the way the route refs of
 * `routes.ts` lay them out. Used when the app has not mounted the ITSM page
 * (an entity card in an app without it), and by tests.
 */
export function itsmPaths(basePath: string): ItsmPaths {
  const root = basePath.replace(/\/+$/, '');
  return {
    home: () => root || '/',
    list: (type, search) => withSearch(`${root}/${type}`, search),
    create: (type, search) => withSearch(`${root}/${type}/new`, search),
    detail: (type, key) => `${root}/${type}/${encodeURIComponent(key)}`,
    edit: (type, key) => `${root}/${type}/${encodeURIComponent(key)}/edit`,
    calendar: search => withSearch(`${root}/calendar`, search),
    releaseManagement: serviceRef =>
      withSearch(`${root}/release-management`, serviceSearch(serviceRef)),
    cabMeeting: key => `${root}/cab-meetings/${encodeURIComponent(key)}`,
    myWork: search => withSearch(`${root}/my-work`, search),
  };
}

/**
 * `useRouteRef`, or undefined when the app has not mounted the ITSM page.
 * `useRouteRef` runs all its hooks before it throws, so the hook order stays
 * the same either way.
 */
function useMountedRouteRef<Params extends AnyParams>(
  routeRef: RouteRef<Params> | SubRouteRef<Params>,
): RouteFunc<Params> | undefined {
  try {
    return useRouteRef(routeRef);
  } catch {
    return undefined;
  }
}

/**
 * The links to the ITSM pages, resolved from the plugin's route refs
 * (`rootRouteRef` and its sub-routes) wherever the app mounted the page, in
 * the legacy and in the new frontend system. When the app has not mounted
 * the ITSM page, the links point below {@link DEFAULT_ITSM_PATH}.
 */
export function useItsmPaths(): ItsmPaths {
  const root = useMountedRouteRef(rootRouteRef);
  const list = useMountedRouteRef(listRouteRef);
  const create = useMountedRouteRef(newRecordRouteRef);
  const detail = useMountedRouteRef(recordRouteRef);
  const edit = useMountedRouteRef(editRecordRouteRef);
  const calendar = useMountedRouteRef(calendarRouteRef);
  const releaseManagement = useMountedRouteRef(releaseManagementRouteRef);
  const cabMeeting = useMountedRouteRef(cabMeetingRouteRef);
  const myWork = useMountedRouteRef(myWorkRouteRef);
  return useMemo(() => {
    if (
      !root ||
      !list ||
      !create ||
      !detail ||
      !edit ||
      !calendar ||
      !releaseManagement ||
      !cabMeeting ||
      !myWork
    ) {
      return itsmPaths(DEFAULT_ITSM_PATH);
    }
    return {
      home: () => root(),
      list: (type, search) => withSearch(list({ recordType: type }), search),
      create: (type, search) =>
        withSearch(create({ recordType: type }), search),
      detail: (type, key) => detail({ recordType: type, key }),
      edit: (type, key) => edit({ recordType: type, key }),
      calendar: search => withSearch(calendar(), search),
      releaseManagement: serviceRef =>
        withSearch(releaseManagement(), serviceSearch(serviceRef)),
      cabMeeting: key => cabMeeting({ key }),
      myWork: search => withSearch(myWork(), search),
    };
  }, [
    root,
    list,
    create,
    detail,
    edit,
    calendar,
    releaseManagement,
    cabMeeting,
    myWork,
  ]);
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
