import type { Entity } from '@backstage/catalog-model';

/**
 * The entity kinds that are services or parts of services, and so can have
 * incidents, problems, changes and SLAs: the CIs the ITSM records point at.
 *
 * @public
 */
export const ITSM_ENTITY_KINDS: readonly string[] = [
  'component',
  'system',
  'resource',
  'api',
];

/**
 * Tells whether the ITSM tab and cards apply to an entity: true for
 * components, systems, resources and APIs; false for groups, users, domains,
 * locations, templates and anything else.
 *
 * @public
 */
export function isItsmAvailable(entity: Entity): boolean {
  const kind = entity?.kind;
  return (
    typeof kind === 'string' &&
    ITSM_ENTITY_KINDS.includes(kind.toLocaleLowerCase('en-US'))
  );
}
