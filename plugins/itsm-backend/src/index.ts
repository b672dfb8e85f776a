/**
 * Backend of the Backstage ITSM plugins.
 *
 * @packageDocumentation
 */
export { itsmPlugin as default } from './plugin';
