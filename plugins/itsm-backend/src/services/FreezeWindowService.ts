import { AuditorService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  FreezeScope,
  FreezeWindow,
  FreezeWindowStore,
} from '../store/FreezeWindowStore';
import { withAudit } from './audit';
import { windowsOverlap } from './ChangeAssessor';

const isoInstant = z.iso.datetime({ offset: true });

const scopeSchema = z.union([
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({
      kind: z.enum(['domain', 'system', 'entity']),
      entityRef: z.string().min(3).max(500),
    })
    .strict(),
]);

/** Body of POST /freeze-windows. */
export const freezeWindowSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    reason: z.string().trim().min(1).max(2000),
    start: isoInstant,
    end: isoInstant,
    scope: scopeSchema,
  })
  .strict()
  .refine(w => Date.parse(w.end) > Date.parse(w.start), {
    message: 'end must be after start',
    path: ['end'],
  });

function describe(error: z.ZodError): string {
  return error.issues
    .map(i => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
}

const lowerScope = (scope: FreezeScope): FreezeScope =>
  scope.kind === 'all'
    ? scope
    : {
        kind: scope.kind,
        entityRef: scope.entityRef.toLocaleLowerCase('en-US'),
      };

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
      config.getOptionalConfigArray('itsm.freezeWindows') ?? []
    ).map((c, i) => {
      const parsed = freezeWindowSchema.safeParse({
        title: c.getString('title'),
        reason: c.getOptionalString('reason') ?? c.getString('title'),
        start: c.getString('start'),
        end: c.getString('end'),
        scope: c.getOptional('scope') ?? { kind: 'all' },
      });
      if (!parsed.success) {
        throw new Error(`itsm.freezeWindows[${i}]: ${describe(parsed.error)}`);
      }
      return {
        ...parsed.data,
        id: c.getOptionalString('id') ?? `config-${i + 1}`,
        scope: lowerScope(parsed.data.scope),
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
    const set = new Set(refs.map(r => r.toLocaleLowerCase('en-US')));
    return (await this.list(from, to)).filter(
      w => w.scope.kind === 'all' || set.has(w.scope.entityRef),
    );
  }

  async create(body: unknown, createdBy: string): Promise<FreezeWindow> {
    return withAudit(
      this.auditor,
      { eventId: 'freeze-window-create' },
      async () => {
        const parsed = freezeWindowSchema.safeParse(body);
        if (!parsed.success) throw new InputError(describe(parsed.error));
        return this.store.insert({
          ...parsed.data,
          id: randomUUID(),
          scope: lowerScope(parsed.data.scope),
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
