import { AuditorService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  describeZodError,
  FREEZE_WINDOWS_CONFIG_PATH,
  freezeScopeCovers,
  FreezeWindow,
  freezeWindowSchema,
  normaliseFreezeScope,
  windowsOverlap,
} from '@backstage-itsm/plugin-itsm-common';
import { randomUUID } from 'node:crypto';
import { withAudit } from '../engine/audit';
import { parseInput } from '../engine/recordUtils';
import { FreezeWindowStore } from '../store/FreezeWindowStore';

/**
 * Freeze windows from app-config (`itsm.freezeWindows`, read-only) and from
 * the API (stored). A window covers a change when their periods overlap and
 * its scope is everything or one of the change's entities, their system or
 * their domain.
 */
export class FreezeWindowService {
  private readonly configured: FreezeWindow[];

  constructor(
    private readonly store: FreezeWindowStore,
    config: Config,
    private readonly auditor?: AuditorService,
  ) {
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

  async create(body: unknown, createdBy: string): Promise<FreezeWindow> {
    return withAudit(
      this.auditor,
      { eventId: 'freeze-window-create' },
      async () => {
        const input = parseInput(freezeWindowSchema, body);
        return this.store.insert({
          ...input,
          id: randomUUID(),
          scope: normaliseFreezeScope(input.scope),
          createdBy,
          createdAt: new Date().toISOString(),
        });
      },
    );
  }

  async delete(id: string): Promise<void> {
    await withAudit(
      this.auditor,
      { eventId: 'freeze-window-delete', meta: { id } },
      async () => {
        if (this.configured.some(w => w.id === id)) {
          throw new ConflictError(
            `Freeze window ${id} is defined in app-config and cannot be deleted here`,
          );
        }
        if (!(await this.store.delete(id))) {
          throw new NotFoundError(`No freeze window ${id}`);
        }
      },
    );
  }
}
