/**
 * Isomorphic types and rules of the Backstage ITSM plugins.
 *
 * @packageDocumentation
 */

export * from './recordTypes';
export * from './stateMachines';
export * from './priority';
export * from './permissions';
export * from './schemas';
export * from './records';
export * from './sla';
