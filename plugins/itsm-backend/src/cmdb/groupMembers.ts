import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Entities read per catalog request when a query is read to exhaustion. */
const PAGE = 500;

/**
 * Every entity matching `filter`, page by page (`queryEntities` with its
 * cursor) until the catalog has no more.
 */
export async function queryAllEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  filter: Record<string, unknown>,
  fields: string[],
): Promise<Entity[]> {
  const entities: Entity[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit: PAGE }
        : { filter: filter as any, limit: PAGE, fields },
      { credentials },
    );
    entities.push(...page.items);
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return entities;
}

/**
 * The people among role holders: users as they are, groups replaced by
 * their member users (direct members, as the catalog's `memberOf` relations
 * say), every page of them; sorted, each once, lower case. Used where a
 * rule counts people (the two thirds of a CAB).
 */
export async function peopleAmong(
  catalog: CatalogService,
  holders: readonly string[],
  credentials: BackstageCredentials,
): Promise<string[]> {
  const people = new Set<string>();
  const groups: string[] = [];
  for (const holder of holders) {
    const ref = parseEntityRef(holder, { defaultKind: 'user' });
    const normal = stringifyEntityRef(ref).toLocaleLowerCase('en-US');
    if (ref.kind.toLocaleLowerCase('en-US') === 'group') groups.push(normal);
    else people.add(normal);
  }
  if (groups.length > 0) {
    const users = await queryAllEntities(
      catalog,
      credentials,
      { kind: 'user', [`relations.${RELATION_MEMBER_OF}`]: groups },
      ['kind', 'metadata.name', 'metadata.namespace'],
    );
    for (const user of users) {
      people.add(stringifyEntityRef(user).toLocaleLowerCase('en-US'));
    }
  }
  return [...people].sort();
}
