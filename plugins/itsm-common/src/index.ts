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
export * from './schemaTypes';
export * from './zodErrors';
export * from './records';
export * from './listSort';
export * from './rules';
export * from './sla';
export * from './roles';

/**
 * The typed HTTP client and models generated from the backend's OpenAPI
 * document (`plugins/itsm-backend/src/schema/openapi.yaml`); regenerate with
 * `yarn workspace @backstage-itsm/plugin-itsm-backend generate`.
 */
export * as ItsmOpenApi from './generated';
