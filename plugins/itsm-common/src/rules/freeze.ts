import { z } from 'zod';
import { dateTimeSchema } from '../schemas';

/**
 * Freeze windows: periods in which changes are frozen, for everything or for
 * a domain, system or entity.
 */

/** What a freeze window can cover. @public */
export const FREEZE_SCOPE_KINDS = [
  'all',
  'domain',
  'system',
  'entity',
] as const;

/** @public */
export type FreezeScopeKind = (typeof FREEZE_SCOPE_KINDS)[number];

/** What a freeze window covers. @public */
export type FreezeScope =
  | { kind: 'all' }
  | { kind: 'domain' | 'system' | 'entity'; entityRef: string };

/**
 * A freeze window as stored and as the API shows it.
 *
 * @public
 */
export interface FreezeWindow {
  id: string;
  title: string;
  reason: string;
  /** ISO 8601 instants; the window is [start, end). */
  start: string;
  end: string;
  scope: FreezeScope;
  /** `config` for windows defined in app-config; else the creating user. */
  createdBy: string;
  createdAt: string;
}

/** The config path of the freeze windows defined as code. @public */
export const FREEZE_WINDOWS_CONFIG_PATH = 'itsm.freezeWindows';

/** @public */
export const freezeScopeSchema = z.union([
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({
      kind: z.enum(['domain', 'system', 'entity']),
      entityRef: z.string().min(3).max(500),
    })
    .strict(),
]);

/**
 * Body of `POST /freeze-windows`, and each entry of `itsm.freezeWindows`.
 *
 * @public
 */
export const freezeWindowSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    reason: z.string().trim().min(1).max(2000),
    start: dateTimeSchema,
    end: dateTimeSchema,
    scope: freezeScopeSchema,
  })
  .strict()
  .refine(w => Date.parse(w.end) > Date.parse(w.start), {
    message: 'end must be after start',
    path: ['end'],
  });

/** @public */
export type FreezeWindowInput = z.infer<typeof freezeWindowSchema>;

/**
 * The scope with its entity ref in lower case, as refs are compared.
 *
 * @public
 */
export function normaliseFreezeScope(scope: FreezeScope): FreezeScope {
  return scope.kind === 'all'
    ? { kind: 'all' }
    : {
        kind: scope.kind,
        entityRef: scope.entityRef.toLocaleLowerCase('en-US'),
      };
}

/**
 * Tells whether a freeze scope covers any of the refs: a scope of `all`
 * covers everything; any other covers its entity ref. Pass the changed
 * entities together with their systems and domains. Refs compare
 * case-insensitively.
 *
 * @public
 */
export function freezeScopeCovers(
  scope: FreezeScope,
  refs: Iterable<string>,
): boolean {
  if (scope.kind === 'all') return true;
  const target = scope.entityRef.toLocaleLowerCase('en-US');
  for (const ref of refs) {
    if (ref.toLocaleLowerCase('en-US') === target) return true;
  }
  return false;
}

/**
 * Why a change's window may not be put to approval or scheduled: it lies
 * inside freeze windows (named). Only an emergency change is implemented in
 * a freeze. Undefined when no freeze covers it.
 *
 * @public
 */
export function freezeRefusal(
  freezes: ReadonlyArray<{ title: string; start?: string; end?: string }>,
): string | undefined {
  if (freezes.length === 0) return undefined;
  const named = freezes
    .map(f =>
      f.start && f.end ? `${f.title} (${f.start} to ${f.end})` : f.title,
    )
    .join(', ');
  return `the window lies inside freeze window ${named}; only an emergency change may be implemented in a freeze`;
}
