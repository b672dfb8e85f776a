import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * The ITSM pages: where the app mounts them (`/itsm` in the portal). Shared by
 * the legacy plugin and the new frontend system's page.
 */
export const rootRouteRef = createRouteRef({ id: 'itsm' });

/** The change calendar (`?view=&date=&entityRef=`). */
export const calendarRouteRef = createSubRouteRef({
  id: 'itsm/calendar',
  parent: rootRouteRef,
  path: '/calendar',
});

/** Release management of a service: its backlog and CAB meetings (`?service=`). */
export const releaseManagementRouteRef = createSubRouteRef({
  id: 'itsm/release-management',
  parent: rootRouteRef,
  path: '/release-management',
});

/** The board of one CAB meeting: agenda, live tallies, votes, minutes. */
export const cabMeetingRouteRef = createSubRouteRef({
  id: 'itsm/cab-meeting',
  parent: rootRouteRef,
  path: '/cab-meetings/:key',
});

/** "My work": the caller's records, queues, approvals and signatures (`?section=`). */
export const myWorkRouteRef = createSubRouteRef({
  id: 'itsm/my-work',
  parent: rootRouteRef,
  path: '/my-work',
});

/** The list of a record type (filters in the query string). */
export const listRouteRef = createSubRouteRef({
  id: 'itsm/list',
  parent: rootRouteRef,
  path: '/:recordType',
});

/** The create form of a record type (`?entityRef=` prefills entities). */
export const newRecordRouteRef = createSubRouteRef({
  id: 'itsm/new',
  parent: rootRouteRef,
  path: '/:recordType/new',
});

/** The page of one record. */
export const recordRouteRef = createSubRouteRef({
  id: 'itsm/record',
  parent: rootRouteRef,
  path: '/:recordType/:key',
});

/** The edit form of one record. */
export const editRecordRouteRef = createSubRouteRef({
  id: 'itsm/edit',
  parent: rootRouteRef,
  path: '/:recordType/:key/edit',
});
