import {
  generateOpenApiFiles,
  OpenApiDocument,
} from '../../../scripts/openapi-generate';
import { listOperations } from '../../../scripts/openapi-generate/document';
import { TypeWriter } from '../../../scripts/openapi-generate/typescript';

/*
 * The generator's translation of JSON schemas and operations, on small
 * documents (the real one is covered by generated.test.ts).
 */

/** Collapses whitespace so that expectations need not follow line breaks. */
const flat = (code: string) => code.replace(/\s+/g, ' ').trim();

function typeOf(schema: object): { type: string; imports: string[] } {
  const writer = new TypeWriter();
  const type = flat(writer.type(schema));
  return { type, imports: writer.imports() };
}

describe('TypeWriter', () => {
  it('writes primitives, enums, const and arrays', () => {
    expect(typeOf({ type: 'string', format: 'date-time' }).type).toBe('string');
    expect(typeOf({ type: 'integer' }).type).toBe('number');
    expect(typeOf({ type: 'string', enum: ['a', "it's"] }).type).toBe(
      `'a' | 'it\\'s'`,
    );
    expect(typeOf({ const: 3 }).type).toBe('3');
    expect(typeOf({ type: 'array', items: { type: 'boolean' } }).type).toBe(
      'Array<boolean>',
    );
    expect(typeOf({ type: 'array' }).type).toBe('Array<unknown>');
    expect(typeOf({}).type).toBe('unknown');
    expect(typeOf({ nullable: true, description: 'any' }).type).toBe('unknown');
  });

  it('makes OpenAPI 3.0 nullable and 3.1 null types nullable', () => {
    expect(typeOf({ type: 'string', nullable: true }).type).toBe(
      'string | null',
    );
    expect(typeOf({ type: ['string', 'null'] }).type).toBe('string | null');
    expect(
      typeOf({
        type: 'string',
        nullable: true,
        allOf: [{ $ref: '#/components/schemas/Kind' }],
      }),
    ).toEqual({ type: 'Kind | null', imports: ['Kind'] });
  });

  it('writes objects with required, optional, documented and unknown keys', () => {
    expect(
      typeOf({
        type: 'object',
        required: ['id', 'extra'],
        properties: {
          id: { type: 'string', description: 'The id.' },
          'x-y': { $ref: '#/components/schemas/B' },
        },
      }),
    ).toEqual({
      type: "{ /** * The id. */ id: string; 'x-y'?: B; extra: unknown; }",
      imports: ['B'],
    });
  });

  it('writes additionalProperties as an index signature', () => {
    expect(typeOf({ type: 'object' }).type).toBe('{ [key: string]: unknown; }');
    expect(
      typeOf({ type: 'object', additionalProperties: { type: 'number' } }).type,
    ).toBe('{ [key: string]: number; }');
    expect(
      typeOf({
        type: 'object',
        properties: { a: { type: 'string' } },
        additionalProperties: { type: 'number' },
      }).type,
    ).toBe('{ a?: string; [key: string]: number | string; }');
    expect(typeOf({ type: 'object', additionalProperties: false }).type).toBe(
      '{ [key: string]: never }',
    );
    expect(
      typeOf({
        type: 'object',
        properties: { a: { type: 'string' } },
        additionalProperties: false,
      }).type,
    ).toBe('{ a?: string; }');
  });

  it('writes oneOf and anyOf as unions, allOf as intersections', () => {
    expect(
      typeOf({
        oneOf: [
          { $ref: '#/components/schemas/A' },
          { $ref: '#/components/schemas/B' },
        ],
      }),
    ).toEqual({ type: 'A | B', imports: ['A', 'B'] });
    expect(
      typeOf({ anyOf: [{ type: 'string' }, { type: 'number' }] }).type,
    ).toBe('string | number');
    expect(
      typeOf({
        allOf: [
          { oneOf: [{ $ref: '#/components/schemas/A' }, { type: 'string' }] },
          { type: 'object', properties: { b: { type: 'number' } } },
        ],
      }).type,
    ).toBe('(A | string) & { b?: number; }');
  });

  it('refuses references outside the component schemas', () => {
    expect(() => typeOf({ $ref: 'other.yaml#/A' })).toThrow(
      'Unsupported schema reference other.yaml#/A',
    );
  });
});

const doc: OpenApiDocument = {
  openapi: '3.0.3',
  paths: {
    '/things/{id}': {
      parameters: [
        { $ref: '#/components/parameters/Id' },
        { name: 'tag', in: 'query', schema: { type: 'string' } },
      ],
      get: {
        operationId: 'getThing',
        summary: 'Read a thing',
        parameters: [
          {
            name: 'tag',
            in: 'query',
            required: true,
            schema: { type: 'array', items: { type: 'string' } },
          },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Thing' },
              },
            },
          },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
      delete: {
        operationId: 'deleteThing',
        responses: { '204': { description: 'gone' } },
      },
    },
  },
  components: {
    parameters: {
      Id: {
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'string' },
      },
    },
    responses: {
      NotFound: {
        description: 'no such thing',
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/Err' } },
        },
      },
    },
    schemas: {
      Thing: {
        type: 'object',
        description: 'A thing.',
        required: ['id'],
        properties: { id: { type: 'string' } },
      },
      Err: { type: 'object', properties: { message: { type: 'string' } } },
    },
  },
};

describe('listOperations', () => {
  it('merges path-level parameters, the operation overriding by name', () => {
    const [get, del] = listOperations(doc);
    expect(get.parameters.map(p => [p.in, p.name, p.required])).toEqual([
      ['path', 'id', true],
      ['query', 'tag', true],
    ]);
    expect(get.responses.map(r => [r.status, r.response.description])).toEqual([
      ['200', 'ok'],
      ['404', 'no such thing'],
    ]);
    expect(del.parameters.map(p => p.name)).toEqual(['id', 'tag']);
  });

  it('names every operation without an id and every duplicate id', () => {
    const bad: OpenApiDocument = structuredClone(doc);
    delete bad.paths['/things/{id}'].delete!.operationId;
    bad.paths['/other'] = {
      get: { operationId: 'getThing' },
      post: {},
    };
    expect(() => listOperations(bad)).toThrow(
      'Invalid OpenAPI document:\n' +
        '  DELETE /things/{id} has no operationId\n' +
        '  POST /other has no operationId\n' +
        '  operationId getThing is used more than once',
    );
  });
});

describe('generateOpenApiFiles', () => {
  const files = generateOpenApiFiles(doc, {
    pluginId: 'things',
    format: code => code,
  });
  const file = (side: 'server' | 'client', path: string) => {
    const found = files[side].find(f => f.path === path);
    if (!found) throw new Error(`no ${side} ${path}`);
    return flat(found.content);
  };

  it('writes the models on both sides, with the banner', () => {
    for (const side of ['server', 'client'] as const) {
      expect(files[side].map(f => f.path)).toEqual(
        expect.arrayContaining([
          'models/Err.model.ts',
          'models/Thing.model.ts',
          'models/index.ts',
        ]),
      );
      expect(file(side, 'models/Thing.model.ts')).toBe(
        '// ****************************************************************** ' +
          '// * THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY. * ' +
          '// ****************************************************************** ' +
          '/** * A thing. * @public */ export interface Thing { id: string; }',
      );
    }
  });

  it('writes the EndpointMap and the router', () => {
    const api = file('server', 'apis/Api.server.ts');
    expect(api).toContain(
      'export type GetThing = { path: { id: string; }; query: { tag: Array<string>; }; response: Thing | Err; };',
    );
    expect(api).toContain(
      'export type DeleteThing = { path: { id: string; }; query: { tag?: string; }; response: void; };',
    );
    expect(api).toContain(
      "export type EndpointMap = { '#_delete|/things/{id}': DeleteThing; '#get|/things/{id}': GetThing; };",
    );
    const router = file('server', 'router.ts');
    expect(router).toContain("export const spec = {openapi: '3.0.3', paths:");
    expect(router).toContain(
      'createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(spec, options)',
    );
  });

  it('writes a client method per operation', () => {
    expect(file('client', 'pluginId.ts')).toContain(
      "export const pluginId = 'things';",
    );
    const client = file('client', 'apis/DefaultApi.client.ts');
    expect(client).toContain(
      'public async getThing( request: GetThing, options?: RequestOptions, ): Promise<TypedResponse<Thing>>',
    );
    expect(client).toContain(
      "const uri = `/things/${encodeURIComponent(String(request.path.id))}`; const query = queryString([['tag', request.query?.tag]]);",
    );
    expect(client).toContain(
      'public async deleteThing( request: DeleteThing, options?: RequestOptions, ): Promise<TypedResponse<void>>',
    );
  });

  it('refuses names that clash in the generated code', () => {
    const clash: OpenApiDocument = structuredClone(doc);
    clash.components!.schemas!.GetThing = { type: 'string' };
    clash.components!.schemas!.Response = { type: 'string' };
    expect(() =>
      generateOpenApiFiles(clash, { pluginId: 'x', format: c => c }),
    ).toThrow(
      'Name clashes:\n' +
        '  schema Response clashes with a name of the generated code\n' +
        '  operation type GetThing clashes with schema GetThing',
    );
  });
});
