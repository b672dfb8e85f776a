import { InputError } from '@backstage/errors';
import { NextFunction, Request, Response } from 'express';

const NUL = '\u0000';

/**
 * Refuses a request with the NUL character (`\u0000`) in a path parameter, a
 * query value or any string (or key) of the body, with a 400 that names the
 * field. PostgreSQL cannot store or compare text with a NUL: without this, a
 * key, filter or body value with one reached the database and answered 500.
 * The body schemas of itsm-common refuse NUL too (for callers that are not
 * HTTP, and for the frontend forms); this covers every operation at once.
 * A body nested deeper than {@link MAX_BODY_DEPTH} is refused (400) too.
 */
export function refuseNul(req: Request, _res: Response, next: NextFunction) {
  const field =
    nulInPath(req.path) ?? nulIn(req.query, 'query') ?? nulIn(req.body, '');
  if (field) {
    throw new InputError(
      `${field}: must not contain the NUL character (\\u0000)`,
    );
  }
  next();
}

/** The name of a path parameter with a NUL (`idOrKey`), if any. */
function nulInPath(path: string): string | undefined {
  const segments = path.split('/').slice(1);
  const index = segments.findIndex(segment => {
    try {
      return decodeURIComponent(segment).includes(NUL);
    } catch {
      return false; // malformed escapes: the router answers those
    }
  });
  if (index < 0) return undefined;
  // The parameters of the document's paths by position:
  // /{type}/{idOrKey}/links/{targetKey}, /freeze-windows/{id}.
  const names =
    segments[0] === 'freeze-windows'
      ? ['path', 'id']
      : ['type', 'idOrKey', 'path', 'targetKey'];
  return `path parameter ${names[index] ?? 'path'}`;
}

const join = (name: string, key: string) => (name ? `${name}.${key}` : key);

/**
 * How deep a body may nest. No operation's body nests deeper than a few
 * levels; a body nested thousands deep overflowed the stack of the code that
 * walks it (answering 500).
 */
export const MAX_BODY_DEPTH = 32;

/**
 * The dotted name (`query.q`, `tasks.0.title`) of a value with a NUL, if
 * any; refuses a value nested deeper than {@link MAX_BODY_DEPTH}. Walks
 * with its own stack, depth first in document order, never recursing.
 */
function nulIn(root: unknown, rootName: string): string | undefined {
  const stack: Array<{ value: unknown; name: string; depth: number }> = [
    { value: root, name: rootName, depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, name, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return name || 'body';
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      throw new InputError(
        `${name || 'body'}: nested deeper than ${MAX_BODY_DEPTH} levels`,
      );
    }
    const entries = Array.isArray(value)
      ? value.map((item, i) => [String(i), item] as const)
      : Object.entries(value);
    for (const [key] of entries) {
      if (!Array.isArray(value) && key.includes(NUL)) {
        return `${name || 'body'} (a field name)`;
      }
    }
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i];
      stack.push({ value: item, name: join(name, key), depth: depth + 1 });
    }
  }
  return undefined;
}
