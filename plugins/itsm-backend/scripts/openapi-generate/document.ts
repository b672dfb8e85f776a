/**
 * The parts of an OpenAPI 3.0 / 3.1 document the generator reads, and the
 * helpers that resolve references and list the operations.
 */

/** A JSON schema as OpenAPI writes it (3.0 `nullable` and 3.1 type arrays). */
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  description?: string;
  deprecated?: boolean;
  default?: unknown;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  items?: SchemaObject;
  properties?: { [name: string]: SchemaObject };
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  allOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
}

/** A `$ref` where OpenAPI allows one instead of the object. */
export interface ReferenceObject {
  $ref: string;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  deprecated?: boolean;
  style?: string;
  explode?: boolean;
  schema?: SchemaObject;
}

export interface MediaTypeObject {
  schema?: SchemaObject;
}

export interface RequestBodyObject {
  required?: boolean;
  description?: string;
  content?: { [mediaType: string]: MediaTypeObject };
}

export interface ResponseObject {
  description?: string;
  content?: { [mediaType: string]: MediaTypeObject };
}

export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  parameters?: Array<ParameterObject | ReferenceObject>;
  requestBody?: RequestBodyObject | ReferenceObject;
  responses?: { [status: string]: ResponseObject | ReferenceObject };
}

export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItemObject = {
  parameters?: Array<ParameterObject | ReferenceObject>;
} & { [M in HttpMethod]?: OperationObject };

export interface OpenApiDocument {
  openapi: string;
  paths: { [path: string]: PathItemObject };
  components?: {
    schemas?: { [name: string]: SchemaObject };
    parameters?: { [name: string]: ParameterObject | ReferenceObject };
    requestBodies?: { [name: string]: RequestBodyObject | ReferenceObject };
    responses?: { [name: string]: ResponseObject | ReferenceObject };
  };
}

/** One operation with its path-level parameters merged in and every `$ref` outside schemas resolved. */
export interface Operation {
  path: string;
  method: HttpMethod;
  operationId: string;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  /** Path-level parameters first, an operation parameter replaces one of the same name and location. */
  parameters: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses: Array<{ status: string; response: ResponseObject }>;
}

const SCHEMA_REF = '#/components/schemas/';

/** The model name a schema `$ref` points at; only component schemas are supported. */
export function schemaRefName(ref: string): string {
  if (!ref.startsWith(SCHEMA_REF)) {
    throw new Error(`Unsupported schema reference ${ref}`);
  }
  return decodePointer(ref.slice(SCHEMA_REF.length));
}

function decodePointer(part: string): string {
  return decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Follows a local `$ref` chain (`#/components/...`) to the object it names. */
export function resolveRef<T extends object>(
  doc: OpenApiDocument,
  node: T | ReferenceObject,
): T {
  let current: unknown = node;
  const seen = new Set<string>();
  while (isReference(current)) {
    const ref = current.$ref;
    if (seen.has(ref)) throw new Error(`$ref cycle at ${ref}`);
    seen.add(ref);
    if (!ref.startsWith('#/')) {
      throw new Error(`Only local references are supported, got ${ref}`);
    }
    let target: unknown = doc;
    for (const part of ref.slice(2).split('/').map(decodePointer)) {
      if (!target || typeof target !== 'object' || !(part in target)) {
        throw new Error(`Unresolved reference ${ref}`);
      }
      target = (target as { [key: string]: unknown })[part];
    }
    current = target;
  }
  return current as T;
}

function isReference(node: unknown): node is ReferenceObject {
  return (
    !!node &&
    typeof node === 'object' &&
    typeof (node as { $ref?: unknown }).$ref === 'string'
  );
}

/**
 * Every operation of the document, in document order. Throws one error that
 * names every operation without an `operationId` and every duplicate id.
 */
export function listOperations(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  const missing: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = (item.parameters ?? []).map(p =>
      resolveRef<ParameterObject>(doc, p),
    );
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) {
        missing.push(`${method.toUpperCase()} ${path}`);
        continue;
      }
      const own = (op.parameters ?? []).map(p =>
        resolveRef<ParameterObject>(doc, p),
      );
      const parameters = [
        ...shared.filter(
          s => !own.some(o => o.name === s.name && o.in === s.in),
        ),
        ...own,
      ];
      operations.push({
        path,
        method,
        operationId: op.operationId,
        summary: op.summary,
        description: op.description,
        deprecated: op.deprecated,
        parameters,
        requestBody:
          op.requestBody && resolveRef<RequestBodyObject>(doc, op.requestBody),
        responses: Object.entries(op.responses ?? {}).map(
          ([status, response]) => ({
            status,
            response: resolveRef<ResponseObject>(doc, response),
          }),
        ),
      });
    }
  }
  const problems = missing.map(op => `${op} has no operationId`);
  const ids = operations.map(o => o.operationId);
  for (const id of new Set(ids)) {
    if (ids.indexOf(id) !== ids.lastIndexOf(id)) {
      problems.push(`operationId ${id} is used more than once`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`Invalid OpenAPI document:\n  ${problems.join('\n  ')}`);
  }
  return operations;
}

/** `getRecord` -> `GetRecord`. */
export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `GetRecord` -> `getRecord`. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
