/**
 * The typed client of the ITSM backend and its API reference.
 */
export * from './ItsmApi';
export { ItsmClient } from './ItsmClient';
