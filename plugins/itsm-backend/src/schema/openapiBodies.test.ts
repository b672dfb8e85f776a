import {
  approvalSchema,
  commentSchema,
  CREATE_SCHEMAS,
  escalationAcknowledgementSchema,
  ITSM_RECORD_TYPES,
  linkSchema,
  signatureSchema,
  transitionSchema,
  UPDATE_SCHEMAS,
} from '@backstage-itsm/plugin-itsm-common';
import {
  jsonBody,
  mergedObject,
  resolve,
  SCHEMA_NAMES,
  SchemaNode,
} from '../__testUtils__/openapiSpec';

/*
 * Keeps the request bodies of openapi.yaml honest: every body it documents
 * must have exactly the fields, required-ness, nullability, enums and bounds
 * of the zod schema the backend validates that body with.
 */

// ---------------------------------------------------------------------------
// The parts of a zod schema these tests read

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

describe('openapi.yaml request bodies', () => {
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
        'POST /incidents/:idOrKey/escalation-acknowledgement',
        jsonBody('post', '/incidents/{idOrKey}/escalation-acknowledgement'),
        escalationAcknowledgementSchema,
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
        // A field written under one name and read under another.
        const readAs: Record<string, string> = { onBehalfOf: 'createdBy' };
        const unread = writable.filter(k => !((readAs[k] ?? k) in properties));
        expect(unread).toEqual([]);
      },
    );
  });
});
