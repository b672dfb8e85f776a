import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldError, FieldErrors, ResolverOptions } from 'react-hook-form';

/** One validation message and the JSON path it is about. */
export interface Issue {
  path: ReadonlyArray<string | number>;
  message: string;
}

/** A zod schema as `zodResolver` takes it (zod 3). */
type ZodSchema = Parameters<typeof zodResolver>[0];

const RESOLVER_OPTIONS: ResolverOptions<Record<string, unknown>> = {
  fields: {},
  shouldUseNativeValidation: false,
  criteriaMode: 'all',
};

const ERROR_KEYS = new Set(['message', 'type', 'types', 'ref', 'root']);

function isFieldError(node: unknown): node is FieldError {
  return (
    !!node &&
    typeof node === 'object' &&
    typeof (node as { message?: unknown }).message === 'string'
  );
}

/** Every message of a (nested) FieldErrors, with its path. */
function flatten(node: unknown, path: string[], out: Issue[]) {
  if (!node || typeof node !== 'object') return;
  if (isFieldError(node)) {
    const messages = Object.values(node.types ?? {}).flat();
    const all = messages.length > 0 ? messages : [node.message];
    for (const message of all) {
      if (typeof message === 'string') out.push({ path, message });
    }
  }
  const root = (node as { root?: unknown }).root;
  if (root) flatten(root, path, out);
  for (const [key, child] of Object.entries(node)) {
    // A message about the whole body comes under the empty key.
    if (!ERROR_KEYS.has(key)) {
      flatten(child, key === '' ? path : [...path, key], out);
    }
  }
}

/**
 * Checks an API body with one of the shared zod schemas through
 * react-hook-form's zod resolver: the parsed body when it is valid, else
 * every message with the JSON path it names.
 */
export async function checkBody<T>(
  schema: ZodSchema,
  body: Record<string, unknown>,
): Promise<{ ok: true; data: T } | { ok: false; issues: Issue[] }> {
  const result = await zodResolver(schema)(
    body,
    undefined,
    RESOLVER_OPTIONS as ResolverOptions<any>,
  );
  const issues: Issue[] = [];
  flatten(result.errors as FieldErrors, [], issues);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, data: result.values as T };
}
