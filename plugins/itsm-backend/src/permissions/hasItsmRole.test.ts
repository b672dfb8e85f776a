import { PermissionsService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ITSM_RECORD_RESOURCE_TYPE,
  ITSM_RULES,
  roleAnnotation,
} from '@backstage-itsm/plugin-itsm-common';
import { withRelations } from '../__testUtils__/fixtures';
import {
  createRecord,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { suiteBackends } from '../__testUtils__/suiteBackends';

jest.setTimeout(300_000);

/*
 * HAS_ITSM_ROLE at scale: a random catalog (domains, systems, components,
 * the change-manager annotation at random levels, some of it unreadable),
 * 1,500 incidents on random components, and a policy that lets each user see
 * only the records where they are change manager. Every list, paged to the
 * end, and every read by key must match an independent computation of the
 * resolution order.
 */

const ROLE = 'change-manager';
const USERS = ['u0', 'u1', 'u2', 'u3'].map(u => `user:default/${u}`);

/** A small deterministic generator (no dependence on Math.random). */
function random(seed: number) {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: T[]) => items[Math.floor(next() * items.length)],
  };
}

function organisation(seed: number) {
  const rnd = random(seed);
  const holderValue = () =>
    rnd.chance(0.1)
      ? 'group:'
      : rnd.pick(USERS).replace('user:default/', 'user:');
  const annotate = (p: number) =>
    rnd.chance(p) ? { [roleAnnotation(ROLE)]: holderValue() } : {};
  const docs: Entity[] = [];
  const domains = ['d0', 'd1', 'd2'];
  for (const name of domains) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name, annotations: annotate(0.6) },
      spec: { owner: rnd.pick(USERS) },
    });
  }
  const systems = Array.from({ length: 8 }, (_, i) => `s${i}`);
  for (const name of systems) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name, annotations: annotate(0.4) },
      spec: {
        owner: rnd.pick(USERS),
        ...(rnd.chance(0.8) ? { domain: rnd.pick(domains) } : {}),
      },
    });
  }
  const components = Array.from({ length: 200 }, (_, i) => `c${i}`);
  for (const name of components) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, annotations: annotate(0.15) },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: rnd.pick(USERS),
        ...(rnd.chance(0.8) ? { system: rnd.pick(systems) } : {}),
      },
    });
  }
  return { entities: withRelations(docs), rnd, components };
}

/** The holder of the role for one entity, straight from the model's order. */
function expectedHolder(
  ref: string,
  byRef: Map<string, Entity>,
  configHolder: string | undefined,
): string | undefined {
  const entity = byRef.get(ref)!;
  const named = (e: Entity | undefined) => {
    const v = e?.metadata.annotations?.[roleAnnotation(ROLE)];
    return v && v !== 'group:' ? `user:default/${v.slice(5)}` : undefined;
  };
  const spec = entity.spec as {
    system?: string;
    domain?: string;
    owner: string;
  };
  const kind = entity.kind;
  const system =
    kind === 'Component' && spec.system
      ? byRef.get(`system:default/${spec.system}`)
      : undefined;
  const systemSpec = (kind === 'System' ? entity : system)?.spec as
    | { domain?: string }
    | undefined;
  const domain =
    kind !== 'Domain' && systemSpec?.domain
      ? byRef.get(`domain:default/${systemSpec.domain}`)
      : undefined;
  return (
    named(entity) ??
    named(system) ??
    named(domain) ??
    configHolder ??
    spec.owner
  );
}

const policy = (): PermissionsService =>
  ({
    async authorize(requests) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
    },
    async authorizeConditional(requests, { credentials }) {
      const user = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return requests.map(() => ({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'itsm',
        resourceType: ITSM_RECORD_RESOURCE_TYPE,
        conditions: {
          rule: ITSM_RULES.HAS_ITSM_ROLE,
          resourceType: ITSM_RECORD_RESOURCE_TYPE,
          params: { roles: [ROLE], claims: [user] },
        },
      }));
    },
  } as PermissionsService);

describe.each(ITSM_TEST_DATABASES)('HAS_ITSM_ROLE on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);
  const start = suiteBackends(db);

  it.each([
    ['without a config default', undefined],
    ['with a config default', 'user:default/u1'],
  ])(
    'lists and reads exactly the records where the user holds the role (%s)',
    async (_name, configHolder) => {
      const { entities, rnd, components } = organisation(configHolder ? 7 : 11);
      const byRef = new Map(
        entities.map(e => [
          `${e.kind.toLowerCase()}:default/${e.metadata.name}`,
          e,
        ]),
      );
      const records = [];
      for (let i = 0; i < 750; i++) {
        const refs = [
          ...new Set([
            `component:default/${rnd.pick(components)}`,
            ...(rnd.chance(0.3)
              ? [`component:default/${rnd.pick(components)}`]
              : []),
          ]),
        ];
        records.push(
          await createRecord(db.store, 'incidents', { entityRefs: refs }),
        );
      }
      const { as } = await start({
        entities,
        permissions: policy(),
        config: configHolder ? { roles: { changeManager: configHolder } } : {},
      });
      for (const user of USERS) {
        const expected = records
          .filter(r =>
            r.entityRefs.some(
              ref => expectedHolder(ref, byRef, configHolder) === user,
            ),
          )
          .map(r => r.key)
          .sort();
        const seen: string[] = [];
        let cursor: string | undefined;
        let total: number | undefined;
        do {
          const res = await as(user).get(
            `/incidents?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(res.status).toBe(200);
          seen.push(...res.body.items.map((r: { key: string }) => r.key));
          total = res.body.totalCount;
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(seen.sort()).toEqual(expected);
        expect(total).toBe(expected.length);
        for (const record of records.slice(0, 40)) {
          const res = await as(user).get(`/incidents/${record.key}`);
          expect([record.key, res.status === 200]).toEqual([
            record.key,
            expected.includes(record.key),
          ]);
        }
      }
    },
  );
});
