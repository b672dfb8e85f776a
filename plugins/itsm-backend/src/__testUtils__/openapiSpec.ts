import fs from 'fs';
import { wrapServer } from '@backstage/backend-openapi-utils/testUtils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import express, { Express } from 'express';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
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
  const found: Array<{ method: string; path: string }> = [];
  for (const [template, item] of Object.entries(paths)) {
    const expressPath = template.replace(/\{([^}]+)\}/g, ':$1');
    for (const method of HTTP_METHODS) {
      if (item[method] !== undefined) {
        found.push({ method, path: expressPath });
      }
    }
  }
  return found.sort(
    (a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
  );
}

// ---------------------------------------------------------------------------
// A typed view of the document for the tests that read it

export interface SchemaNode {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  'x-itsm-schema-by-type'?: Record<string, string>;
}

export interface ParameterNode {
  $ref?: string;
  name: string;
  in: string;
  required?: boolean;
  schema?: SchemaNode;
}

export interface OperationNode {
  operationId?: string;
  parameters?: ParameterNode[];
  requestBody?: {
    required?: boolean;
    content: Record<string, { schema: SchemaNode }>;
  };
  responses?: Record<string, unknown>;
  security?: Array<Record<string, string[]>>;
}

/** The parts of openapi.yaml the tests read. */
export interface OpenApiDocumentView {
  openapi: string;
  info: { title?: string; version?: string };
  servers?: Array<{ url: string }>;
  security?: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, SchemaNode>;
    parameters: Record<string, ParameterNode>;
    responses: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
}

/** openapi.yaml, read once per test file. */
export const spec = loadOpenApiSpec() as unknown as OpenApiDocumentView;

/** The schema of each record type in the document. */
export const SCHEMA_NAMES: Record<ItsmRecordType, string> = {
  incidents: 'Incident',
  problems: 'Problem',
  changes: 'Change',
  releases: 'Release',
  slas: 'Sla',
};

export function pointer(ref: string): unknown {
  if (!ref.startsWith('#/')) {
    throw new Error(`${ref} is not a local reference`);
  }
  let node: unknown = spec;
  for (const raw of ref.slice(2).split('/')) {
    const part = decodeURIComponent(raw)
      .replace(/~1/g, '/')
      .replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || !(part in node)) {
      return undefined;
    }
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export function deref<T extends { $ref?: string }>(node: T): T {
  let current = node;
  const seen = new Set<string>();
  while (current.$ref) {
    if (seen.has(current.$ref))
      throw new Error(`$ref cycle at ${current.$ref}`);
    seen.add(current.$ref);
    const target = pointer(current.$ref) as T | undefined;
    if (!target) throw new Error(`unresolved ${current.$ref}`);
    current = target;
  }
  return current;
}

/**
 * Resolves `$ref` and single-element `allOf` wrappers (the 3.0 way to make a
 * referenced schema nullable), remembering whether any level was nullable.
 */
export function resolve(node: SchemaNode): {
  schema: SchemaNode;
  nullable: boolean;
} {
  let nullable = false;
  let current = node;
  for (;;) {
    if (current.nullable) nullable = true;
    if (current.$ref) {
      current = deref(current);
    } else if (current.allOf?.length === 1 && !current.properties) {
      current = current.allOf[0];
    } else {
      return { schema: current, nullable };
    }
  }
}

/** Merges the properties and required lists of an `allOf` composition. */
export function mergedObject(name: string): {
  properties: Record<string, SchemaNode>;
  required: Set<string>;
} {
  const properties: Record<string, SchemaNode> = {};
  const required = new Set<string>();
  const visit = (node: SchemaNode) => {
    const schema = deref(node);
    for (const part of schema.allOf ?? []) visit(part);
    Object.assign(properties, schema.properties ?? {});
    for (const r of schema.required ?? []) required.add(r);
  };
  visit({ $ref: `#/components/schemas/${name}` });
  return { properties, required };
}

export function operations(): Array<{
  path: string;
  method: string;
  op: OperationNode;
  pathParams: ParameterNode[];
}> {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter(m => item[m] !== undefined).map(method => ({
      path,
      method,
      op: item[method] as OperationNode,
      pathParams: ((item.parameters ?? []) as ParameterNode[]).map(deref),
    })),
  );
}

export function operation(method: string, path: string): OperationNode {
  const op = spec.paths[path]?.[method] as OperationNode | undefined;
  if (!op) throw new Error(`no ${method} ${path} in openapi.yaml`);
  return op;
}

export function jsonBody(method: string, path: string): SchemaNode {
  const body = operation(method, path).requestBody?.content['application/json'];
  if (!body) throw new Error(`${method} ${path} has no JSON body`);
  return body.schema;
}

export function collectRefs(
  node: unknown,
  at: string,
  out: Array<[string, string]>,
) {
  if (Array.isArray(node)) {
    node.forEach((child, i) => collectRefs(child, `${at}/${i}`, out));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push([at, value]);
      else collectRefs(value, `${at}/${key}`, out);
    }
  }
}

/**
 * Paths that an earlier path of the same method would take the requests of,
 * for whoever matches paths in order (express routes, or documents read in
 * order): `/calendar` after `/:type`. Express style (`:param`) or OpenAPI
 * style (`{param}`).
 */
export function shadowedPaths(
  routes: Array<{ method: string; path: string }>,
): string[] {
  const pattern = (path: string) =>
    new RegExp(
      `^${path
        .split('/')
        .map(part =>
          /^(:.+|\{.+\})$/.test(part) ? '[^/]+' : part.replace(/\./g, '\\.'),
        )
        .join('/')}$`,
    );
  return routes.flatMap((route, i) => {
    const sample = route.path.replace(/:[^/]+|\{[^}]+\}/g, 'x');
    return routes
      .slice(0, i)
      .filter(
        earlier =>
          earlier.method === route.method &&
          earlier.path !== route.path &&
          pattern(earlier.path).test(sample),
      )
      .map(
        earlier =>
          `${route.method} ${route.path} comes after ${earlier.method} ${earlier.path}`,
      );
  });
}

/**
 * The document as the validating proxy of `wrapServer` can compile it: its
 * Ajv is strict and knows none of OpenAPI's additions to JSON schema. The
 * copy leaves out what only describes (`example`, `x-` extensions, and
 * `discriminator`, since `oneOf` tells the record types apart by `type`
 * anyway) and the string formats (the router's validator checks those on
 * requests), and writes a `nullable` beside `allOf` or without a `type` as
 * `anyOf` with null.
 */
export function proxyReadableSpec(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(proxyReadableSpec);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (
      key === 'example' ||
      key === 'discriminator' ||
      key === 'format' ||
      key.startsWith('x-')
    ) {
      continue;
    }
    out[key] = proxyReadableSpec(value);
  }
  // `nullable` beside a composition (the document's way to make a referenced
  // schema nullable) means "or null"; Ajv would still apply the composition.
  if (
    out.nullable === true &&
    (out.type === undefined || out.allOf || out.anyOf || out.oneOf)
  ) {
    const { nullable, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

/**
 * A server for supertest that checks every request and every answer of the
 * app against openapi.yaml (`wrapServer` of `@backstage/backend-openapi-utils`,
 * a proxy that reads the document from `/openapi.json`): an answer that does
 * not match fails the running test.
 *
 * The proxy is given the document as {@link proxyReadableSpec} writes it, and
 * the app listens on IPv4 only: the proxy forwards to `localhost` over IPv6
 * whenever something listens on `::1`, which hosts without an IPv6
 * `localhost` entry (containers, CI) cannot resolve.
 */
export async function validatingServer(app: Express, document: object) {
  const proxied = express()
    .get('/openapi.json', (_req, res) => {
      res.json(proxyReadableSpec(document));
    })
    .use(app);
  const listen = proxied.listen.bind(proxied);
  const ipv4 = Object.assign(Object.create(proxied), {
    listen: (port: number) => listen(port, '127.0.0.1'),
  }) as Express;
  return wrapServer(ipv4);
}
