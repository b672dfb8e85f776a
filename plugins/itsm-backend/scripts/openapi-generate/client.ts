import { lowerFirst, Operation, ParameterObject } from './document';
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
 * The client side, laid out as Backstage's generated clients are:
 * `apis/DefaultApi.client.ts` (a request type per operation and
 * `DefaultApiClient`), `pluginId.ts` and the index files. The client needs
 * no dependency: URLs are built with `encodeURIComponent`, and without a
 * `fetchApi` the global `fetch` is used.
 */
export function clientFiles(
  operations: Operation[],
  pluginId: string,
  note: string | undefined,
  format: Formatter,
): GeneratedFile[] {
  return [
    generatedFile(
      'apis/DefaultApi.client.ts',
      defaultApiClient(operations),
      note,
      format,
    ),
    generatedFile(
      'apis/index.ts',
      `export * from './DefaultApi.client';\n`,
      note,
      format,
    ),
    generatedFile(
      'pluginId.ts',
      `export const pluginId = ${quote(pluginId)};\n`,
      note,
      format,
    ),
    generatedFile(
      'index.ts',
      `export * from './apis';\nexport * from './models';\n`,
      note,
      format,
    ),
  ];
}

/** Names the client file declares itself, which models must not take. */
export const CLIENT_NAMES = [
  'DefaultApiClient',
  'TypedResponse',
  'RequestOptions',
  'pluginId',
  'queryString',
  'requestHeaders',
];

const PREAMBLE = `
/**
 * Wraps the Response type to convey a type on the json call.
 *
 * @public
 */
export type TypedResponse<T> = Omit<Response, 'json'> & {
  json: () => Promise<T>;
};

/**
 * Options you can pass into a request for additional information.
 *
 * @public
 */
export interface RequestOptions {
  token?: string;
}

function requestHeaders(options: RequestOptions | undefined, json: boolean) {
  const headers: { [name: string]: string } = {};
  if (json) headers['Content-Type'] = 'application/json';
  if (options?.token) headers.Authorization = \`Bearer \${options.token}\`;
  return headers;
}
`;

const QUERY_STRING = `
/** Query parameters in order; an array repeats its name, absent values are left out. */
function queryString(parameters: Array<[string, unknown]>): string {
  const parts: string[] = [];
  for (const [name, value] of parameters) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      parts.push(\`\${encodeURIComponent(name)}=\${encodeURIComponent(String(item))}\`);
    }
  }
  return parts.length > 0 ? \`?\${parts.join('&')}\` : '';
}
`;

function defaultApiClient(operations: Operation[]): string {
  const writer = new TypeWriter();
  const sorted = [...operations].sort((a, b) =>
    a.operationId.localeCompare(b.operationId),
  );
  const requestTypes: string[] = [];
  const methods: string[] = [];
  let usesQuery = false;
  for (const op of sorted) {
    const { path, query } = parametersByLocation(op);
    for (const p of query) checkQueryParameter(op, p);
    usesQuery ||= query.length > 0;

    const members: string[] = [];
    if (path.length > 0) members.push(`path: ${parametersType(writer, path)};`);
    if (query.length > 0) {
      const optional = query.every(p => !p.required) ? '?' : '';
      members.push(`query${optional}: ${parametersType(writer, query)};`);
    }
    const body = requestBodyType(writer, op);
    if (body !== undefined) {
      members.push(`body${op.requestBody?.required ? '' : '?'}: ${body};`);
    }
    const typeName = operationTypeName(op);
    requestTypes.push(
      `${docComment(`The request of \`${op.operationId}\`.`, {
        public: true,
      })}export type ${typeName} = ${
        members.length > 0
          ? `{\n${members.join('\n')}\n}`
          : '{ [key: string]: never }'
      };\n`,
    );

    const required = members.some(m => !/^\w+\?:/.test(m));
    const fetchInit = [
      `method: ${quote(op.method.toUpperCase())},`,
      `headers: requestHeaders(options, ${body !== undefined}),`,
      ...(body !== undefined ? ['body: JSON.stringify(request.body),'] : []),
    ];
    const uses = members.length > 0;
    const lines = [
      'const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);',
      `const uri = ${
        op.path.includes('{')
          ? `\`${pathExpression(op.path)}\``
          : quote(op.path)
      };`,
    ];
    const urlParts = ['baseUrl', 'uri'];
    if (query.length > 0) {
      const entries = query.map(
        p => `[${quote(p.name)}, request.query?.${accessor(p.name)}]`,
      );
      lines.push(`const query = queryString([${entries.join(', ')}]);`);
      urlParts.push('query');
    }
    const url = urlParts.map(part => `$\{${part}}`).join('');
    lines.push(
      `return await this.fetchApi.fetch(\`${url}\`, {\n${fetchInit.join(
        '\n',
      )}\n});`,
    );
    methods.push(
      `${docComment(operationDescription(op), {
        deprecated: op.deprecated,
      })}public async ${lowerFirst(op.operationId)}(
        ${uses ? 'request' : '_request'}: ${typeName}${required ? '' : ' = {}'},
        options?: RequestOptions,
      ): Promise<TypedResponse<${responseType(writer, op, 'success')}>> {
        ${lines.join('\n')}
      }\n`,
    );
  }

  const imports = `import { pluginId } from '../pluginId';\n${modelImports(
    writer.imports(),
  )}`;
  return `${imports}${PREAMBLE}${usesQuery ? QUERY_STRING : ''}
${requestTypes.join('\n')}
/**
 * A client for every operation of the API; each method resolves to the raw
 * response, whose \`json()\` is typed by the document.
 *
 * @public
 */
export class DefaultApiClient {
  private readonly discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
    };
  }

${methods.join('\n')}
}
`;
}

/** `request.path.x` or `request.path['x-y']`. */
function accessor(name: string): string {
  const key = propertyName(name);
  return key === name ? name : `[${key}]`;
}

/** The path template with every `{param}` replaced by its encoded value. */
function pathExpression(path: string): string {
  return path
    .split(/(\{[^}]+\})/)
    .map(part => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (param) {
        const name = param[1];
        const access =
          propertyName(name) === name
            ? `request.path.${name}`
            : `request.path[${quote(name)}]`;
        return `\${encodeURIComponent(String(${access}))}`;
      }
      return part.replace(/[`\\]/g, c => `\\${c}`).replace(/\$\{/g, '\\${');
    })
    .join('');
}

/** Only form-style exploded query parameters (the OpenAPI default) are written. */
function checkQueryParameter(op: Operation, p: ParameterObject) {
  if ((p.style && p.style !== 'form') || p.explode === false) {
    throw new Error(
      `${op.operationId}: query parameter ${p.name} uses style ${p.style} explode ${p.explode}, only form/explode is supported`,
    );
  }
}
