import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { itsmApiFactory } from './api/factory';
import {
  cabMeetingRouteRef,
  calendarRouteRef,
  editRecordRouteRef,
  listRouteRef,
  myWorkRouteRef,
  newRecordRouteRef,
  recordRouteRef,
  releaseManagementRouteRef,
  rootRouteRef,
} from './routes';

/**
 * The ITSM frontend plugin for apps on the legacy frontend system. It
 * provides the ITSM client (`itsmApiRef`) on the app's discovery and fetch
 * APIs. Apps on the new frontend system use the default export of
 * `@backstage-itsm/plugin-itsm/alpha` instead.
 *
 * @public
 */
export const itsmPlugin = createPlugin({
  id: 'itsm',
  apis: [itsmApiFactory],
  routes: {
    root: rootRouteRef,
    calendar: calendarRouteRef,
    list: listRouteRef,
    newRecord: newRecordRouteRef,
    record: recordRouteRef,
    editRecord: editRecordRouteRef,
    releaseManagement: releaseManagementRouteRef,
    cabMeeting: cabMeetingRouteRef,
    myWork: myWorkRouteRef,
  },
});

/**
 * The ITSM pages (home, and one page per record type), for a legacy app:
 * `<Route path="/itsm" element={<ItsmPage />} />`.
 *
 * @public
 */
export const ItsmPage = itsmPlugin.provide(
  createRoutableExtension({
    name: 'ItsmPage',
    component: () => import('./components/ItsmRouter').then(m => m.ItsmRouter),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The ITSM tab of an entity page, for a legacy app:
 * `<EntityLayout.Route path="/itsm" title="ITSM" if={isItsmAvailable}><EntityItsmContent /></EntityLayout.Route>`.
 *
 * @public
 */
export const EntityItsmContent = itsmPlugin.provide(
  createComponentExtension({
    name: 'EntityItsmContent',
    component: {
      lazy: () => import('./components/entity').then(m => m.EntityItsmContent),
    },
  }),
);

/**
 * Entity card with the availability of the last 30 days against the SLA
 * target, for a legacy app's entity overview.
 *
 * @public
 */
export const EntityAvailabilityCard = itsmPlugin.provide(
  createComponentExtension({
    name: 'EntityAvailabilityCard',
    component: {
      lazy: () =>
        import('./components/entity').then(m => m.EntityAvailabilityCard),
    },
  }),
);

/**
 * Entity card with the open incidents by priority and the newest of them,
 * for a legacy app's entity overview.
 *
 * @public
 */
export const EntityOpenIncidentsCard = itsmPlugin.provide(
  createComponentExtension({
    name: 'EntityOpenIncidentsCard',
    component: {
      lazy: () =>
        import('./components/entity').then(m => m.EntityOpenIncidentsCard),
    },
  }),
);
