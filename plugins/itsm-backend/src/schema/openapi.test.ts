import {
  approvalSchema,
  commentSchema,
  CREATE_SCHEMAS,
  ITSM_RECORD_TYPES,
  ItsmRecordType,
  linkSchema,
  PRIORITIES,
  signatureSchema,
  STATE_MACHINES,
  transitionSchema,
  UPDATE_SCHEMAS,
} from '@backstage-itsm/plugin-itsm-common';
import { loadOpenApiSpec, specOperations } from '../__testUtils__/openapiSpec';

/*
 * Keeps openapi.yaml honest: it must be a well-formed OpenAPI 3 document, its
 * state enums must be the state machines' states, and every request body it
 * documents must have exactly the fields, required-ness, nullability, enums
 * and bounds of the zod schema the backend validates that body with.
 */

// ---------------------------------------------------------------------------
// Minimal views of the two sides

/** The parts of an OpenAPI schema object these tests read. */
interface SchemaNode {
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

interface ParameterNode {
  $ref?: string;
  name: string;
  in: string;
  required?: boolean;
  schema?: SchemaNode;
}

interface OperationNode {
  operationId?: string;
  parameters?: ParameterNode[];
  requestBody?: {
    required?: boolean;
    content: Record<string, { schema: SchemaNode }>;
  };
  responses?: Record<string, unknown>;
  security?: Array<Record<string, string[]>>;
}

/** The parts of a zod 3 schema these tests read (its `_def`). */
interface ZodCheck {
  kind: string;
  value?: number;
  inclusive?: boolean;
}
interface ZodDef {
  typeName: string;
  innerType?: ZodLike;
  schema?: ZodLike;
  in?: ZodLike;
  type?: ZodLike;
  shape?: () => Record<string, ZodLike>;
  unknownKeys?: string;
  values?: readonly string[];
  checks?: ZodCheck[];
  defaultValue?: () => unknown;
  minLength?: { value: number } | null;
  maxLength?: { value: number } | null;
}
interface ZodLike {
  _def: ZodDef;
}

const asZod = (schema: unknown) => schema as ZodLike;

// ---------------------------------------------------------------------------
// Document helpers

const spec = loadOpenApiSpec() as unknown as {
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
};

const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
];

const SCHEMA_NAMES: Record<ItsmRecordType, string> = {
  incidents: 'Incident',
  problems: 'Problem',
  changes: 'Change',
  releases: 'Release',
  slas: 'Sla',
};

/** Follows a local JSON pointer (`#/components/schemas/X`). */
function pointer(ref: string): unknown {
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

function deref<T extends { $ref?: string }>(node: T): T {
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
function resolve(node: SchemaNode): { schema: SchemaNode; nullable: boolean } {
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
function mergedObject(name: string): {
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

function operations(): Array<{
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

function operation(method: string, path: string): OperationNode {
  const op = spec.paths[path]?.[method] as OperationNode | undefined;
  if (!op) throw new Error(`no ${method} ${path} in openapi.yaml`);
  return op;
}

function jsonBody(method: string, path: string): SchemaNode {
  const body = operation(method, path).requestBody?.content['application/json'];
  if (!body) throw new Error(`${method} ${path} has no JSON body`);
  return body.schema;
}

function collectRefs(node: unknown, at: string, out: Array<[string, string]>) {
  if (Array.isArray(node)) {
    node.forEach((child, i) => collectRefs(child, `${at}/${i}`, out));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push([at, value]);
      else collectRefs(value, `${at}/${key}`, out);
    }
  }
}

// ---------------------------------------------------------------------------
// zod helpers

function unwrap(schema: ZodLike): {
  base: ZodLike;
  optional: boolean;
  nullable: boolean;
  defaultValue?: unknown;
  hasDefault: boolean;
} {
  let optional = false;
  let nullable = false;
  let hasDefault = false;
  let defaultValue: unknown;
  let current = schema;
  for (;;) {
    const def = current._def;
    switch (def.typeName) {
      case 'ZodOptional':
        optional = true;
        current = def.innerType!;
        break;
      case 'ZodNullable':
        nullable = true;
        current = def.innerType!;
        break;
      case 'ZodDefault':
        optional = true;
        hasDefault = true;
        defaultValue = def.defaultValue!();
        current = def.innerType!;
        break;
      case 'ZodEffects':
        current = def.schema!;
        break;
      case 'ZodPipeline':
        // what the document describes is the input side of a pipeline
        current = def.in!;
        break;
      default:
        return { base: current, optional, nullable, defaultValue, hasDefault };
    }
  }
}

/** The ZodObject under refinements (`._def.schema`) and its shape. */
function zodShape(schema: unknown): Record<string, ZodLike> {
  const { base } = unwrap(asZod(schema));
  if (base._def.typeName !== 'ZodObject' || !base._def.shape) {
    throw new Error(`expected a ZodObject, got ${base._def.typeName}`);
  }
  return base._def.shape();
}

/** Smallest and largest allowed number, as JSON Schema inclusive bounds. */
function numberBounds(checks: ZodCheck[]) {
  const isInt = checks.some(c => c.kind === 'int');
  let minimum: number | undefined;
  let maximum: number | undefined;
  for (const c of checks) {
    if (c.kind === 'min' && c.value !== undefined) {
      minimum = c.inclusive || !isInt ? c.value : c.value + 1;
    }
    if (c.kind === 'max' && c.value !== undefined) {
      maximum = c.inclusive || !isInt ? c.value : c.value - 1;
    }
  }
  return { isInt, minimum, maximum };
}

/**
 * Asserts that a documented schema says what a zod schema enforces: same
 * JSON type, enum values, bounds, object keys, required keys, nullability,
 * defaults and strictness, recursively. Returns the differences found.
 */
function compare(doc: SchemaNode, zod: ZodLike, at: string): string[] {
  const problems: string[] = [];
  const { schema } = resolve(doc);
  const { base } = unwrap(zod);
  const def = base._def;
  const expect = (ok: boolean, message: string) => {
    if (!ok) problems.push(`${at}: ${message}`);
  };

  switch (def.typeName) {
    case 'ZodObject': {
      expect(schema.type === 'object', `type is ${schema.type}, not object`);
      expect(
        (schema.additionalProperties === false) ===
          (def.unknownKeys === 'strict'),
        `additionalProperties must be ${def.unknownKeys !== 'strict'}`,
      );
      const shape = def.shape!();
      const docProps = schema.properties ?? {};
      const zodKeys = Object.keys(shape).sort();
      const docKeys = Object.keys(docProps).sort();
      expect(
        JSON.stringify(zodKeys) === JSON.stringify(docKeys),
        `properties ${JSON.stringify(docKeys)} differ from zod ${JSON.stringify(
          zodKeys,
        )}`,
      );
      const zodRequired = zodKeys.filter(k => !unwrap(shape[k]).optional);
      const docRequired = [...(schema.required ?? [])].sort();
      expect(
        JSON.stringify(zodRequired) === JSON.stringify(docRequired),
        `required ${JSON.stringify(
          docRequired,
        )} differ from zod ${JSON.stringify(zodRequired)}`,
      );
      for (const key of zodKeys) {
        const prop = docProps[key];
        if (!prop) continue;
        const z = unwrap(shape[key]);
        expect(
          resolve(prop).nullable === z.nullable,
          `${key} nullable must be ${z.nullable}`,
        );
        if (z.hasDefault) {
          expect(
            JSON.stringify(resolve(prop).schema.default) ===
              JSON.stringify(z.defaultValue),
            `${key} default must be ${JSON.stringify(z.defaultValue)}`,
          );
        }
        problems.push(...compare(prop, shape[key], `${at}.${key}`));
      }
      break;
    }
    case 'ZodEnum':
      expect(
        JSON.stringify(schema.enum) === JSON.stringify(def.values),
        `enum ${JSON.stringify(schema.enum)} differs from zod ${JSON.stringify(
          def.values,
        )}`,
      );
      break;
    case 'ZodArray':
      expect(schema.type === 'array', `type is ${schema.type}, not array`);
      expect(
        schema.minItems === def.minLength?.value,
        `minItems must be ${def.minLength?.value}`,
      );
      expect(
        schema.maxItems === def.maxLength?.value,
        `maxItems must be ${def.maxLength?.value}`,
      );
      if (schema.items)
        problems.push(...compare(schema.items, def.type!, `${at}[]`));
      else expect(false, 'array without items');
      break;
    case 'ZodString': {
      const checks = def.checks ?? [];
      expect(schema.type === 'string', `type is ${schema.type}, not string`);
      const min = checks.find(c => c.kind === 'min')?.value;
      const max = checks.find(c => c.kind === 'max')?.value;
      expect(schema.minLength === min, `minLength must be ${min}`);
      expect(schema.maxLength === max, `maxLength must be ${max}`);
      const isDateTime = checks.some(c => c.kind === 'datetime');
      expect(
        (schema.format === 'date-time') === isDateTime,
        isDateTime
          ? 'format must be date-time'
          : 'format must not be date-time',
      );
      break;
    }
    case 'ZodNumber': {
      const { isInt, minimum, maximum } = numberBounds(def.checks ?? []);
      const type = isInt ? 'integer' : 'number';
      expect(schema.type === type, `type is ${schema.type}, not ${type}`);
      expect(schema.minimum === minimum, `minimum must be ${minimum}`);
      expect(schema.maximum === maximum, `maximum must be ${maximum}`);
      break;
    }
    case 'ZodBoolean':
      expect(schema.type === 'boolean', `type is ${schema.type}, not boolean`);
      break;
    default:
      problems.push(`${at}: no comparison for ${def.typeName}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------

describe('openapi.yaml', () => {
  describe('is a well-formed OpenAPI 3 document', () => {
    it('has the version, info and servers', () => {
      expect(spec.openapi).toBe('3.0.3');
      expect(spec.info.title).toEqual(expect.any(String));
      expect(spec.info.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(spec.servers).toEqual([
        expect.objectContaining({ url: '/api/itsm' }),
      ]);
      expect(Object.keys(spec.paths).length).toBeGreaterThan(0);
    });

    it('resolves every $ref inside the document', () => {
      const refs: Array<[string, string]> = [];
      collectRefs(spec, '#', refs);
      expect(refs.length).toBeGreaterThan(50);
      const broken = refs.filter(([, ref]) => pointer(ref) === undefined);
      expect(broken).toEqual([]);
    });

    it('points every discriminator mapping and body mapping at a schema', () => {
      const targets: string[] = [];
      const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          const n = node as SchemaNode;
          targets.push(...Object.values(n.discriminator?.mapping ?? {}));
          targets.push(...Object.values(n['x-itsm-schema-by-type'] ?? {}));
          Object.values(node).forEach(walk);
        }
      };
      walk(spec);
      expect(targets.length).toBeGreaterThanOrEqual(15);
      expect(targets.filter(t => pointer(t) === undefined)).toEqual([]);
    });

    it('declares every path parameter, and only those', () => {
      for (const { path, method, op, pathParams } of operations()) {
        const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)]
          .map(m => m[1])
          .sort();
        const declared = [
          ...pathParams,
          ...(op.parameters ?? []).map(deref),
        ].filter(p => p.in === 'path');
        expect({
          op: `${method} ${path}`,
          params: declared.map(p => p.name).sort(),
        }).toEqual({
          op: `${method} ${path}`,
          params: inTemplate,
        });
        for (const param of declared) {
          expect({ param: param.name, required: param.required }).toEqual({
            param: param.name,
            required: true,
          });
          expect(param.schema).toBeDefined();
        }
      }
    });

    it('gives every operation a unique operationId and responses', () => {
      const ids = operations().map(({ op }) => op.operationId);
      expect(ids.every(id => typeof id === 'string' && id.length > 0)).toBe(
        true,
      );
      expect(new Set(ids).size).toBe(ids.length);
      for (const { path, method, op } of operations()) {
        const codes = Object.keys(op.responses ?? {});
        expect({
          op: `${method} ${path}`,
          ok: codes.some(c => /^2\d\d$/.test(c)),
        }).toEqual({
          op: `${method} ${path}`,
          ok: true,
        });
      }
    });

    it('needs a Backstage token everywhere except /health', () => {
      expect(spec.security).toEqual([{ BackstageToken: [] }]);
      expect(spec.components.securitySchemes.BackstageToken).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      for (const { path, method, op } of operations()) {
        const effective = op.security ?? spec.security;
        expect({
          op: `${method} ${path}`,
          open: effective?.length === 0,
        }).toEqual({
          op: `${method} ${path}`,
          open: path === '/health',
        });
        const errorCodes = Object.keys(op.responses ?? {}).filter(
          code => code === '401' || code === '403',
        );
        expect({ op: `${method} ${path}`, errorCodes }).toEqual({
          op: `${method} ${path}`,
          errorCodes: path === '/health' ? [] : ['401', '403'],
        });
      }
    });

    it('documents the operations of the contract', () => {
      expect(specOperations()).toEqual([
        { method: 'get', path: '/:type' },
        { method: 'post', path: '/:type' },
        { method: 'get', path: '/:type/:idOrKey' },
        { method: 'patch', path: '/:type/:idOrKey' },
        { method: 'get', path: '/:type/:idOrKey/comments' },
        { method: 'post', path: '/:type/:idOrKey/comments' },
        { method: 'get', path: '/:type/:idOrKey/history' },
        { method: 'post', path: '/:type/:idOrKey/links' },
        { method: 'delete', path: '/:type/:idOrKey/links/:targetKey' },
        { method: 'post', path: '/:type/:idOrKey/transitions' },
        { method: 'get', path: '/availability' },
        { method: 'get', path: '/calendar' },
        { method: 'get', path: '/changes/:idOrKey/approvals' },
        { method: 'post', path: '/changes/:idOrKey/approvals' },
        { method: 'get', path: '/freeze-windows' },
        { method: 'post', path: '/freeze-windows' },
        { method: 'delete', path: '/freeze-windows/:id' },
        { method: 'get', path: '/health' },
        { method: 'get', path: '/impact' },
        { method: 'get', path: '/incidents/:idOrKey/sla' },
        { method: 'get', path: '/slas/:idOrKey/report' },
        { method: 'post', path: '/slas/:idOrKey/signatures' },
      ]);
    });
  });

  describe('matches the state machines', () => {
    it('lists the record types', () => {
      expect(spec.components.schemas.RecordType.enum).toEqual([
        ...ITSM_RECORD_TYPES,
      ]);
      expect(
        resolve(spec.components.parameters.RecordTypeParam.schema!).schema.enum,
      ).toEqual([...ITSM_RECORD_TYPES]);
      const record = spec.components.schemas.Record;
      expect(record.discriminator?.propertyName).toBe('type');
      expect(record.discriminator?.mapping).toEqual(
        Object.fromEntries(
          ITSM_RECORD_TYPES.map(t => [
            t,
            `#/components/schemas/${SCHEMA_NAMES[t]}`,
          ]),
        ),
      );
      expect(record.oneOf?.map(o => o.$ref)).toEqual(
        ITSM_RECORD_TYPES.map(t => `#/components/schemas/${SCHEMA_NAMES[t]}`),
      );
    });

    it.each(ITSM_RECORD_TYPES.map(t => [t]))(
      '%s: state enum equals the machine states',
      type => {
        const name = SCHEMA_NAMES[type];
        const stateSchema = spec.components.schemas[`${name}State`];
        expect(stateSchema.enum).toEqual([...STATE_MACHINES[type].states]);

        const { properties, required } = mergedObject(name);
        expect(properties.state.$ref).toBe(`#/components/schemas/${name}State`);
        expect(properties.type.enum).toEqual([type]);
        expect(required.has('state')).toBe(true);
        expect(required.has('type')).toBe(true);
      },
    );

    it('lists the priorities', () => {
      expect(spec.components.schemas.Priority.enum).toEqual([...PRIORITIES]);
    });
  });

  describe('matches the request validation', () => {
    const bodies: Array<[string, SchemaNode, unknown]> = [
      ...ITSM_RECORD_TYPES.map((t): [string, SchemaNode, unknown] => [
        `POST /${t}`,
        {
          $ref: jsonBody('post', '/{type}')['x-itsm-schema-by-type']?.[t],
        },
        CREATE_SCHEMAS[t],
      ]),
      ...ITSM_RECORD_TYPES.map((t): [string, SchemaNode, unknown] => [
        `PATCH /${t}/:idOrKey`,
        {
          $ref: jsonBody('patch', '/{type}/{idOrKey}')[
            'x-itsm-schema-by-type'
          ]?.[t],
        },
        UPDATE_SCHEMAS[t],
      ]),
      [
        'POST /:type/:idOrKey/transitions',
        jsonBody('post', '/{type}/{idOrKey}/transitions'),
        transitionSchema,
      ],
      [
        'POST /:type/:idOrKey/comments',
        jsonBody('post', '/{type}/{idOrKey}/comments'),
        commentSchema,
      ],
      [
        'POST /:type/:idOrKey/links',
        jsonBody('post', '/{type}/{idOrKey}/links'),
        linkSchema,
      ],
      [
        'POST /changes/:idOrKey/approvals',
        jsonBody('post', '/changes/{idOrKey}/approvals'),
        approvalSchema,
      ],
      [
        'POST /slas/:idOrKey/signatures',
        jsonBody('post', '/slas/{idOrKey}/signatures'),
        signatureSchema,
      ],
    ];

    it.each(bodies)('%s: property names equal the zod shape', (_, doc, zod) => {
      const { schema } = resolve(doc);
      expect(Object.keys(schema.properties ?? {}).sort()).toEqual(
        Object.keys(zodShape(zod)).sort(),
      );
    });

    it.each(bodies)(
      '%s: types, enums, bounds, required and nullable fields equal zod',
      (_, doc, zod) => {
        expect(compare(doc, asZod(zod), 'body')).toEqual([]);
      },
    );

    it('lists exactly the per-type bodies in anyOf', () => {
      for (const [method, path] of [
        ['post', '/{type}'],
        ['patch', '/{type}/{idOrKey}'],
      ]) {
        const body = jsonBody(method, path);
        expect(Object.keys(body['x-itsm-schema-by-type'] ?? {})).toEqual([
          ...ITSM_RECORD_TYPES,
        ]);
        expect(body.anyOf?.map(s => s.$ref)).toEqual(
          Object.values(body['x-itsm-schema-by-type'] ?? {}),
        );
      }
    });

    it.each(ITSM_RECORD_TYPES.map(t => [t]))(
      '%s: every field that can be written can be read',
      type => {
        const { properties } = mergedObject(SCHEMA_NAMES[type]);
        const writable = [
          ...Object.keys(zodShape(CREATE_SCHEMAS[type])),
          ...Object.keys(zodShape(UPDATE_SCHEMAS[type])),
        ];
        expect(writable.filter(key => !(key in properties))).toEqual([]);
      },
    );
  });
});
