import fs from 'fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { load } from 'js-yaml';

/** The HTTP methods an OpenAPI path item may hold operations for. */
const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const;

/**
 * Reads and parses `openapi.yaml`, the contract of the ITSM REST API, which
 * sits next to this file.
 *
 * @returns The parsed document; `paths` maps each OpenAPI path template
 * (`/{type}/{idOrKey}`) to its path item.
 */
export function loadOpenApiSpec(): {
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
} {
  const file = resolvePackagePath(
    '@backstage-itsm/plugin-itsm-backend',
    'src/schema/openapi.yaml',
  );
  const doc = load(fs.readFileSync(file, 'utf8'));
  if (
    !doc ||
    typeof doc !== 'object' ||
    !('paths' in doc) ||
    !doc.paths ||
    typeof doc.paths !== 'object'
  ) {
    throw new Error(`${file} is not an OpenAPI document with paths`);
  }
  return doc as {
    paths: Record<string, Record<string, unknown>>;
    [key: string]: unknown;
  };
}

/**
 * Every operation of the contract, as the express router mounts it: the
 * method in lower case and the path in express style, e.g.
 * `{ method: 'post', path: '/:type/:idOrKey/transitions' }`. Sorted by path,
 * then method.
 */
export function specOperations(): Array<{ method: string; path: string }> {
  const { paths } = loadOpenApiSpec();
  const operations: Array<{ method: string; path: string }> = [];
  for (const [template, item] of Object.entries(paths)) {
    const expressPath = template.replace(/\{([^}]+)\}/g, ':$1');
    for (const method of HTTP_METHODS) {
      if (item[method] !== undefined) {
        operations.push({ method, path: expressPath });
      }
    }
  }
  return operations.sort(
    (a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
  );
}
