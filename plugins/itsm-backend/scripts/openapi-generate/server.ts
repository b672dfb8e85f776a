import { Operation, OpenApiDocument } from './document';
import {
  operationDescription,
  operationTypeName,
  parametersByLocation,
  parametersType,
  requestBodyType,
  responseType,
} from './operations';
import {
  Formatter,
  GeneratedFile,
  generatedFile,
  modelImports,
} from './output';
import { docComment, propertyName, quote, TypeWriter } from './typescript';

/**
 * The server side, as `backstage-repo-tools package schema openapi generate
 * --server` lays it out: `apis/Api.server.ts` (a type per operation and the
 * `EndpointMap`), `router.ts` (the document as `spec` and
 * `createOpenApiRouter`) and the index files.
 */
export function serverFiles(
  doc: OpenApiDocument,
  operations: Operation[],
  note: string | undefined,
  format: Formatter,
): GeneratedFile[] {
  return [
    generatedFile('apis/Api.server.ts', apiServer(operations), note, format),
    generatedFile(
      'apis/index.ts',
      `export * from './Api.server';\n`,
      note,
      format,
    ),
    generatedFile('router.ts', router(doc), note, format),
    generatedFile(
      'index.ts',
      `export * from './apis';\nexport * from './router';\n`,
      note,
      format,
    ),
  ];
}

/** The key of an operation in the `EndpointMap`, e.g. `#_delete|/freeze-windows/{id}`. */
export function endpointKey(op: Operation): string {
  // backend-openapi-utils' TypedRouter maps router.delete to `_delete`.
  const method = op.method === 'delete' ? '_delete' : op.method;
  return `#${method}|${op.path}`;
}

function apiServer(operations: Operation[]): string {
  const writer = new TypeWriter();
  const sorted = [...operations].sort((a, b) =>
    a.operationId.localeCompare(b.operationId),
  );
  const types = sorted.map(op => {
    const { path, query } = parametersByLocation(op);
    const members: string[] = [];
    if (path.length > 0) members.push(`path: ${parametersType(writer, path)};`);
    if (query.length > 0) {
      members.push(`query: ${parametersType(writer, query)};`);
    }
    const body = requestBodyType(writer, op);
    if (body !== undefined) {
      members.push(`body${op.requestBody?.required ? '' : '?'}: ${body};`);
    }
    members.push(`response: ${responseType(writer, op, 'all')};`);
    return `${docComment(operationDescription(op), {
      deprecated: op.deprecated,
      public: true,
    })}export type ${operationTypeName(op)} = {\n${members.join('\n')}\n};\n`;
  });
  const map = sorted
    .map(op => `${quote(endpointKey(op))}: ${operationTypeName(op)};`)
    .join('\n');
  return `${modelImports(writer.imports())}\n${types.join('')}\n${docComment(
    'Every operation of the document, keyed `#<method>|<path>`.',
    { public: true },
  )}export type EndpointMap = {\n${map}\n};\n`;
}

function router(doc: OpenApiDocument): string {
  return [
    `import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';\n`,
    `import { EndpointMap } from './apis';\n\n`,
    `export const spec = ${literal(doc)} as const;\n\n`,
    `export const createOpenApiRouter = async (\n`,
    `  options?: Parameters<typeof createValidatedOpenApiRouterFromGeneratedEndpointMap>['1'],\n`,
    `) => createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(spec, options);\n`,
  ].join('');
}

/** A JSON value as a TypeScript expression (single quotes, bare keys where possible). */
function literal(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return `{${Object.entries(value as object)
        .map(([key, v]) => `${propertyName(key)}: ${literal(v)}`)
        .join(', ')}}`;
    default:
      throw new Error(`Cannot write ${typeof value} into the spec`);
  }
}
