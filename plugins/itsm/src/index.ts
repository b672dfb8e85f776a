/**
 * Frontend of the Backstage ITSM plugins.
 *
 * The legacy frontend system uses the exports below; the new frontend system
 * uses the default export of `@backstage-itsm/plugin-itsm/alpha`.
 *
 * @packageDocumentation
 */
export { itsmPlugin, ItsmPage } from './plugin';
export * from './api';
