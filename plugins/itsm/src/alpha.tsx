import {
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import BuildIcon from '@material-ui/icons/Build';

const rootRouteRef = createRouteRef();

/**
 * The ITSM page at `/itsm`. Its title and icon give the sidebar entry "ITSM".
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
    loader: () =>
      import('./components/ItsmRouter').then(m => <m.ItsmRouter />),
  },
});

/**
 * The ITSM frontend plugin for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'itsm',
  title: 'ITSM',
  icon: <BuildIcon />,
  info: { packageJson: () => import('../package.json') },
  extensions: [itsmPage],
  routes: {
    root: rootRouteRef,
  },
});
