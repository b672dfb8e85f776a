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

/** The dotted name (`query.q`, `tasks.0.title`) of a value with a NUL. */
function nulIn(value: unknown, name: string): string | undefined {
  if (typeof value === 'string') {
    return value.includes(NUL) ? name || 'body' : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulIn(item, join(name, String(i)));
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes(NUL)
        ? `${name || 'body'} (a field name)`
        : nulIn(item, join(name, key));
      if (found) return found;
    }
  }
  return undefined;
}
