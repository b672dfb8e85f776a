import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { rootRouteRef } from './routes';

/**
 * The ITSM frontend plugin for apps on the legacy frontend system.
 * Apps on the new frontend system use the default export of
 * `@backstage-itsm/plugin-itsm/alpha` instead.
 *
 * @public
 */
export const itsmPlugin = createPlugin({
  id: 'itsm',
  routes: {
    root: rootRouteRef,
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
