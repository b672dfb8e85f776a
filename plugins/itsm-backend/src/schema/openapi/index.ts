/**
 * The HTTP contract of the plugin as code, generated from `../openapi.yaml`
 * by `yarn workspace @backstage-itsm/plugin-itsm-backend generate`:
 * `createOpenApiRouter` (a validating, typed express router), `spec` (the
 * document), `EndpointMap` with one type per operation, and the models.
 */
export * from './generated';
export * from './generated/models';
