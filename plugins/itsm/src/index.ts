/**
 * Frontend of the Backstage ITSM plugins.
 *
 * The legacy frontend system uses the exports below; the new frontend system
 * uses the default export of `@backstage-itsm/plugin-itsm/alpha`.
 *
 * @packageDocumentation
 */
export {
  itsmPlugin,
  ItsmPage,
  EntityItsmContent,
  EntityAvailabilityCard,
  EntityOpenIncidentsCard,
} from './plugin';
export {
  isItsmAvailable,
  ITSM_ENTITY_KINDS,
} from './components/entity/isItsmAvailable';
export * from './api';
