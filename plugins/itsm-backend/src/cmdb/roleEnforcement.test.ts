import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  actionPhrase,
  ActorRole,
  ITSM_ROLES,
  ItsmRole,
  roleAnnotation,
  ROLE_INFO,
  STATE_MACHINES,
  TransitionDef,
} from '@backstage-itsm/plugin-itsm-common';
import { withRelations } from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  createRecord,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { Caller } from '../engine/types';

jest.setTimeout(120_000);

/*
 * Every transition of every state machine, taken by a holder of one of its
 * roles and by a caller who holds none: the non-holder gets 403 naming each
 * role and its holder, and nothing changes; the holder is never refused for
 * the role (a guard may still stop the move).
 *
 * The catalog gives each process role its own group (role-<role>), with one
 * member (<role>-holder), spread over every level of the resolution order:
 * some on the entity, some on its System, some on its Domain, some in config,
 * and the service owner through spec.owner.
 */

const group = (role: string) => `group:default/role-${role}`;
const holder = (role: string) => `user:default/${role}-holder`;
const REQUESTER = 'user:default/requester';
const ASSIGNEES = 'group:default/assignees';

const LEVEL: Record<
  ItsmRole,
  'entity' | 'system' | 'domain' | 'config' | 'owner'
> = {
  'service-owner': 'owner',
  'on-duty-manager': 'config',
  'group-coordinator': 'entity',
  'change-coordinator': 'system',
  'change-manager': 'domain',
  'problem-coordinator': 'entity',
  'release-coordinator': 'system',
  'cab-member': 'domain',
  'release-administrator': 'config',
  'availability-manager': 'entity',
  'capacity-manager': 'system',
  'service-level-manager': 'domain',
};

const annotationsAt = (level: string) =>
  Object.fromEntries(
    ITSM_ROLES.filter(r => LEVEL[r] === level).map(r => [
      roleAnnotation(r),
      group(r),
    ]),
  );

const ENTITIES: Entity[] = withRelations([
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'commerce', annotations: annotationsAt('domain') },
    spec: { owner: group('service-owner') },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop', annotations: annotationsAt('system') },
    spec: { owner: group('service-owner'), domain: 'commerce' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart', annotations: annotationsAt('entity') },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: group('service-owner'),
      system: 'shop',
    },
  },
]);
const CART = 'component:default/cart';

const CONFIG = {
  roles: Object.fromEntries(
    ITSM_ROLES.filter(r => LEVEL[r] === 'config').map(r => [
      ROLE_INFO[r].configKey,
      group(r),
    ]),
  ),
};

function caller(userRef: string, groups: string[]): Caller {
  return {
    credentials: mockCredentials.user(userRef),
    userRef,
    claims: [userRef, ...groups],
  };
}

/** A caller acting in exactly this role on the records of this test. */
function holderOf(role: ActorRole): Caller {
  if (role === 'requester') return caller(REQUESTER, []);
  if (role === 'assignee') return caller('user:default/assignee', [ASSIGNEES]);
  if (role === 'customer-representative')
    return caller(holder(role), [group(role)]);
  return caller(holder(role), [group(role)]);
}

const outsider = caller('user:default/outsider', ['group:default/elsewhere']);

/** What the records of a type need to be taken through their machine. */
const DATA_OF: Record<string, Record<string, unknown>> = {
  slas: {
    customerGroup: group('customer-representative'),
    serviceOwnerGroup: group('service-owner'),
  },
  changes: { changeType: 'normal' },
};

const BODY = {
  reason: 'because',
  resolutionCode: 'fixed',
  outcome: 'successful',
  rootCause: 'a race',
};

const transitions: Array<[string, TransitionDef]> = Object.values(
  STATE_MACHINES,
).flatMap(m =>
  m.transitions.map(
    t => [`${m.recordType} ${t.from} -> ${t.to}`, t] as [string, TransitionDef],
  ),
);

describe.each(ITSM_TEST_DATABASES)('roles on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);
  const services = () =>
    itsmServices({
      knex: db.knex,
      now: new Date('2026-11-24T10:00:00Z'),
      config: CONFIG,
      entities: ENTITIES,
    });

  const recordIn = (type: string, state: string) =>
    createRecord(db.store, type as any, {
      state,
      entityRefs: [CART],
      ownerRefs: [group('service-owner')],
      assignedGroup: ASSIGNEES,
      createdBy: REQUESTER,
      data: DATA_OF[type] ?? {},
    });

  it('resolves each role from the level the catalog gives it', async () => {
    const { roles } = services();
    const resolved = await roles.entityRoles(CART, outsider);
    expect(
      Object.fromEntries(resolved.map(r => [r.role, [r.source, r.holders]])),
    ).toEqual(
      Object.fromEntries(ITSM_ROLES.map(r => [r, [LEVEL[r], [group(r)]]])),
    );
  });

  it.each(transitions)(
    '%s: refused to a non-holder with nothing changed, never refused to a holder for the role',
    async (_name, def) => {
      const { records, store } = services();
      const type = transitionType(def);
      const before = await recordIn(type, def.from);
      const refused = records.transition(
        type as any,
        before.key,
        { to: def.to, version: before.version, ...BODY },
        outsider,
      );
      await expect(refused).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringMatching(
          new RegExp(
            `^Only the .* may ${escape(actionPhrase(def))} ${before.key}$`,
          ),
        ),
      });
      const message = await refused.catch(e => String(e.message));
      for (const role of def.roles) {
        expect(message).toContain(ROLE_INFO[role].title);
      }
      const after = await store.getRecord(type as any, before.key);
      expect(after).toMatchObject({ state: def.from, version: before.version });
      expect(await store.listHistory(before.id)).toEqual([]);

      for (const role of def.roles) {
        const record = await recordIn(type, def.from);
        const outcome = await records
          .transition(
            type as any,
            record.key,
            { to: def.to, version: record.version, ...BODY },
            holderOf(role),
          )
          .then(
            () => 'moved',
            e => e.name,
          );
        expect([role, outcome]).not.toEqual([role, 'NotAllowedError']);
      }
    },
  );
});

function transitionType(def: TransitionDef): string {
  return Object.values(STATE_MACHINES).find(m => m.transitions.includes(def))!
    .recordType;
}

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
