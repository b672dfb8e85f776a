import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import BuildIcon from '@material-ui/icons/Build';
import { itsmApiFactory } from './api/factory';
import { isItsmAvailable } from './components/entity/isItsmAvailable';
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
 * The ITSM client (`itsmApiRef`) on the app's discovery and fetch APIs.
 *
 * @alpha
 */
export const itsmApi = ApiBlueprint.make({
  params: defineParams => defineParams(itsmApiFactory),
});

/**
 * The ITSM page at `/itsm`. Its title and icon give the sidebar entry "ITSM"
 * (in this version pages are the nav items; there is no NavItemBlueprint).
 * Its route ref is the plugin's root route, shared with the legacy plugin so
 * that entity pages can link to ITSM records wherever the page is mounted.
 *
 * @alpha
 */
export const itsmPage = PageBlueprint.make({
  params: {
    path: '/itsm',
    title: 'ITSM',
    icon: <BuildIcon />,
    routeRef: rootRouteRef,
    noHeader: true,
    loader: () => import('./components/ItsmRouter').then(m => <m.ItsmRouter />),
  },
});

/**
 * The "ITSM" tab on the pages of components, systems, resources and APIs.
 *
 * @alpha
 */
export const itsmEntityContent = EntityContentBlueprint.make({
  name: 'itsm',
  params: {
    path: 'itsm',
    title: 'ITSM',
    filter: isItsmAvailable,
    loader: () =>
      import('./components/entity/EntityItsmContent').then(m => (
        <m.EntityItsmContent />
      )),
  },
});

/**
 * The availability card on the overview of components, systems, resources
 * and APIs.
 *
 * @alpha
 */
export const itsmAvailabilityCard = EntityCardBlueprint.make({
  name: 'availability',
  params: {
    filter: isItsmAvailable,
    loader: () =>
      import('./components/entity/EntityAvailabilityCard').then(m => (
        <m.EntityAvailabilityCard />
      )),
  },
});

/**
 * The open-incidents card on the overview of components, systems, resources
 * and APIs.
 *
 * @alpha
 */
export const itsmOpenIncidentsCard = EntityCardBlueprint.make({
  name: 'open-incidents',
  params: {
    filter: isItsmAvailable,
    loader: () =>
      import('./components/entity/EntityOpenIncidentsCard').then(m => (
        <m.EntityOpenIncidentsCard />
      )),
  },
});

/**
 * The ITSM frontend plugin for apps on the new frontend system: the ITSM
 * page (and with it the sidebar entry), the ITSM client, the ITSM entity tab
 * and two entity cards.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'itsm',
  title: 'ITSM',
  icon: <BuildIcon />,
  info: { packageJson: () => import('../package.json') },
  extensions: [
    itsmApi,
    itsmPage,
    itsmEntityContent,
    itsmAvailabilityCard,
    itsmOpenIncidentsCard,
  ],
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
