/**
 * Isomorphic types and rules of the Backstage ITSM plugins.
 *
 * @packageDocumentation
 */

export * from './recordTypes';
