import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import fs from 'fs';
import { loadAll } from 'js-yaml';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/**
 * Adds the relations the catalog's processors would add, derived from the
 * spec fields (owner, dependsOn, system, domain, providesApis, consumesApis),
 * so that tests on the catalog mock see the same graph as the real catalog.
 * Written independently of the code under test.
 */
export function withRelations(entities: Entity[]): Entity[] {
  const copies = entities.map(e => ({
    ...e,
    relations: [] as { type: string; targetRef: string }[],
  }));
  const byRef = new Map(copies.map(e => [stringifyEntityRef(e), e]));
  const relate = (
    from: Entity,
    type: string,
    target: string,
    reverse: string,
  ) => {
    const source = stringifyEntityRef(from);
    (from.relations as { type: string; targetRef: string }[]).push({
      type,
      targetRef: target,
    });
    const other = byRef.get(target);
    if (other) {
      (other.relations as { type: string; targetRef: string }[]).push({
        type: reverse,
        targetRef: source,
      });
    }
  };
  const ref = (value: string, defaultKind: string, entity: Entity) =>
    stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  for (const entity of copies) {
    const spec = (entity.spec ?? {}) as Record<string, unknown>;
    if (typeof spec.owner === 'string')
      relate(entity, 'ownedBy', ref(spec.owner, 'group', entity), 'ownerOf');
    for (const d of (spec.dependsOn as string[] | undefined) ?? []) {
      relate(entity, 'dependsOn', ref(d, 'component', entity), 'dependencyOf');
    }
    if (typeof spec.system === 'string')
      relate(entity, 'partOf', ref(spec.system, 'system', entity), 'hasPart');
    if (entity.kind === 'System' && typeof spec.domain === 'string') {
      relate(entity, 'partOf', ref(spec.domain, 'domain', entity), 'hasPart');
    }
    for (const a of (spec.providesApis as string[] | undefined) ?? []) {
      relate(entity, 'providesApi', ref(a, 'api', entity), 'apiProvidedBy');
    }
    for (const a of (spec.consumesApis as string[] | undefined) ?? []) {
      relate(entity, 'consumesApi', ref(a, 'api', entity), 'apiConsumedBy');
    }
    if (entity.kind === 'User') {
      for (const g of (spec.memberOf as string[] | undefined) ?? []) {
        relate(entity, 'memberOf', ref(g, 'group', entity), 'hasMember');
      }
    }
  }
  return copies;
}

/** The demo organisation of examples/demo-catalog.yaml, with relations. */
export function demoCatalog(): Entity[] {
  const file = resolvePackagePath(
    '@backstage-itsm/plugin-itsm-backend',
    '../../examples/demo-catalog.yaml',
  );
  const docs = loadAll(fs.readFileSync(file, 'utf8')) as Entity[];
  return withRelations(
    docs.map(d => ({
      ...d,
      metadata: { namespace: 'default', ...d.metadata },
    })),
  );
}
