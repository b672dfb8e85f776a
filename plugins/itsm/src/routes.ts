import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the ITSM page in a legacy (createApp from app-defaults) app. */
export const rootRouteRef = createRouteRef({ id: 'itsm' });
