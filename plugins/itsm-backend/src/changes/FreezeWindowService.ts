import { AuditorService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ACTION_ROLES,
  actsIn,
  describeRoleHolders,
  describeZodError,
  FREEZE_WINDOWS_CONFIG_PATH,
  freezeScopeCovers,
  FreezeScope,
  FreezeWindow,
  freezeWindowSchema,
  normaliseFreezeScope,
  ResolvedRole,
  windowsOverlap,
} from '@backstage-itsm/plugin-itsm-common';
import { randomUUID } from 'node:crypto';
import { RoleResolver } from '../cmdb/RoleResolver';
import { readItsmConfig } from '../config';
import { withAudit } from '../engine/audit';
import { parseInput } from '../engine/recordUtils';
import { Caller, SYSTEM_ACTOR } from '../engine/types';
import { FreezeWindowStore } from '../store/FreezeWindowStore';

/** How the roles of the scope of a window are resolved (cmdb/RoleResolver). */
export type FreezeScopeRoles = Pick<RoleResolver, 'entityRoles'>;

/** The role that manages freeze windows: the change manager. */
const [MANAGER] = ACTION_ROLES['freezeWindows.manage'];

/**
 * Freeze windows from app-config (`itsm.freezeWindows`, read-only) and from
 * the API (stored). A window covers a change when their periods overlap and
 * its scope is everything or one of the change's entities, their system or
 * their domain.
 */
export class FreezeWindowService {
  private readonly configured: FreezeWindow[];
  /** The change managers app-config names (`itsm.roles.changeManager`). */
  private readonly configManagers: string[];

  constructor(
    private readonly store: FreezeWindowStore,
    config: Config,
    private readonly auditor?: AuditorService,
  ) {
    this.configManagers = readItsmConfig(config).roles[MANAGER] ?? [];
    this.configured = (
      config.getOptionalConfigArray(FREEZE_WINDOWS_CONFIG_PATH) ?? []
    ).map((c, i) => {
      const parsed = freezeWindowSchema.safeParse({
        title: c.getString('title'),
        reason: c.getOptionalString('reason') ?? c.getString('title'),
        start: c.getString('start'),
        end: c.getString('end'),
        scope: c.getOptional('scope') ?? { kind: 'all' },
      });
      if (!parsed.success) {
        throw new Error(
          `${FREEZE_WINDOWS_CONFIG_PATH}[${i}]: ${describeZodError(
            parsed.error,
          )}`,
        );
      }
      return {
        ...parsed.data,
        id: c.getOptionalString('id') ?? `config-${i + 1}`,
        scope: normaliseFreezeScope(parsed.data.scope),
        start: new Date(parsed.data.start).toISOString(),
        end: new Date(parsed.data.end).toISOString(),
        createdBy: 'config',
        createdAt: new Date(0).toISOString(),
      };
    });
  }

  /** Every window overlapping [from, to), earliest first. */
  async list(from: string, to: string): Promise<FreezeWindow[]> {
    const window = { start: Date.parse(from), end: Date.parse(to) };
    const fromConfig = this.configured.filter(w =>
      windowsOverlap(window, {
        start: Date.parse(w.start),
        end: Date.parse(w.end),
      }),
    );
    const stored = await this.store.list(from, to);
    return [...fromConfig, ...stored].sort(
      (a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id),
    );
  }

  /** Windows overlapping [from, to) whose scope covers any of the refs. */
  async covering(
    refs: string[],
    from: string,
    to: string,
  ): Promise<FreezeWindow[]> {
    return (await this.list(from, to)).filter(w =>
      freezeScopeCovers(w.scope, refs),
    );
  }

  /** Creates a window; only its change manager may (see {@link assertManages}). */
  async create(
    body: unknown,
    caller: Caller,
    roles: FreezeScopeRoles,
  ): Promise<FreezeWindow> {
    return withAudit(
      this.auditor,
      { eventId: 'freeze-window-create' },
      async () => {
        const input = parseInput(freezeWindowSchema, body);
        const scope = normaliseFreezeScope(input.scope);
        await this.assertManages(scope, caller, roles, 'create');
        return this.store.insert({
          ...input,
          id: randomUUID(),
          scope,
          createdBy: caller.userRef,
          createdAt: new Date().toISOString(),
        });
      },
    );
  }

  /** Deletes a window created through the API; only its change manager may. */
  async delete(
    id: string,
    caller: Caller,
    roles: FreezeScopeRoles,
  ): Promise<void> {
    await withAudit(
      this.auditor,
      { eventId: 'freeze-window-delete', meta: { id } },
      async () => {
        if (this.configured.some(w => w.id === id)) {
          throw new ConflictError(
            `Freeze window ${id} is defined in app-config and cannot be deleted here`,
          );
        }
        const window = await this.store.get(id);
        if (!window) throw new NotFoundError(`No freeze window ${id}`);
        await this.assertManages(window.scope, caller, roles, 'delete');
        if (!(await this.store.delete(id))) {
          throw new NotFoundError(`No freeze window ${id}`);
        }
      },
    );
  }

  /**
   * Who manages a freeze window (ACTION_ROLES['freezeWindows.manage']). A
   * window is not a record, so its change manager is resolved for its
   * scope: for a domain, system or entity scope as for that entity (its
   * annotation, its System's, its Domain's, config, its owner); for a window
   * over everything, the holders app-config names (`itsm.roles.changeManager`),
   * and nobody when it names none. A scope entity the catalog no longer knows
   * (deleting an old window) falls back to config as well. Throws
   * NotAllowedError naming the role and its holders; InputError when a new
   * window's scope names an entity the catalog does not know.
   */
  async assertManages(
    scope: FreezeScope,
    caller: Caller,
    roles: FreezeScopeRoles,
    verb: 'create' | 'delete',
  ): Promise<void> {
    if (caller.userRef === SYSTEM_ACTOR) return;
    const byConfig: ResolvedRole = {
      role: MANAGER,
      holders: this.configManagers,
      source: this.configManagers.length ? 'config' : null,
    };
    let manager = byConfig;
    if (scope.kind !== 'all') {
      try {
        const resolved = await roles.entityRoles(
          scope.entityRef,
          caller,
          'scope.entityRef',
        );
        manager = resolved.find(r => r.role === MANAGER) ?? byConfig;
      } catch (error) {
        if (verb === 'create' || !(error instanceof InputError)) throw error;
      }
    }
    if (actsIn(caller.claims, manager)) return;
    const over = scope.kind === 'all' ? 'every service' : `${scope.entityRef}`;
    throw new NotAllowedError(
      `Only the ${describeRoleHolders(
        manager,
      )} may ${verb} a freeze window over ${over}`,
    );
  }
}
