import { SchemaObject, schemaRefName } from './document';

/**
 * Turns JSON schemas into TypeScript type expressions and remembers which
 * models (component schemas) the expressions refer to, so that the file
 * being written can import exactly those.
 */
export class TypeWriter {
  private readonly referenced = new Set<string>();

  /** The model names referenced so far, sorted. */
  imports(except?: string): string[] {
    return [...this.referenced].filter(name => name !== except).sort();
  }

  /** The TypeScript type of a schema; `unknown` for an absent or empty one. */
  type(schema: SchemaObject | undefined): string {
    if (!schema) return 'unknown';
    if (schema.$ref) {
      // Siblings of $ref are ignored, as OpenAPI 3.0 (and the validator) do.
      const name = schemaRefName(schema.$ref);
      this.referenced.add(name);
      return name;
    }

    const parts: string[] = [];
    for (const part of schema.allOf ?? []) parts.push(this.type(part));
    for (const alternatives of [schema.oneOf, schema.anyOf]) {
      if (alternatives) parts.push(union(alternatives.map(s => this.type(s))));
    }
    const composed = parts.length > 0;
    const own = this.ownType(schema, composed);
    if (own) parts.push(own);

    const type = intersection(parts.filter(p => p !== 'unknown'));
    if (type === 'unknown') return type;
    return isNullable(schema) ? union([type, 'null']) : type;
  }

  /**
   * The members of an object type, one per line: documented properties,
   * required names the properties do not list, and an index signature for
   * `additionalProperties`.
   */
  objectMembers(schema: SchemaObject): string[] {
    const properties = Object.entries(schema.properties ?? {});
    const required = new Set(schema.required ?? []);
    const members = properties.map(
      ([name, property]) =>
        `${docComment(property.description, {
          deprecated: property.deprecated,
        })}${propertyName(name)}${required.has(name) ? '' : '?'}: ${this.type(
          property,
        )};`,
    );
    for (const name of required) {
      if (!schema.properties?.[name]) {
        members.push(`${propertyName(name)}: unknown;`);
      }
    }
    const extra = schema.additionalProperties;
    if (extra === true || (extra === undefined && properties.length === 0)) {
      members.push('[key: string]: unknown;');
    } else if (extra && typeof extra === 'object') {
      const types = [extra, ...properties.map(([, p]) => p)].map(s =>
        this.type(s),
      );
      members.push(`[key: string]: ${union(types)};`);
    }
    return members;
  }

  /** The object type literal of a schema, e.g. `{ a: string; b?: number; }`. */
  objectType(schema: SchemaObject): string {
    const members = this.objectMembers(schema);
    return members.length === 0
      ? '{ [key: string]: never }'
      : `{\n${members.join('\n')}\n}`;
  }

  /**
   * The type the keywords of the schema itself give (`type`, `enum`,
   * `const`, `properties`, `items`), or undefined when it has none. Next to
   * a composition a bare `type` adds nothing and is left out.
   */
  private ownType(schema: SchemaObject, composed: boolean): string | undefined {
    if (schema.const !== undefined) return literal(schema.const);
    if (schema.enum) return union(schema.enum.map(literal));
    const shaped =
      schema.properties !== undefined ||
      schema.additionalProperties !== undefined ||
      schema.items !== undefined;
    if (composed && !shaped) return undefined;
    let types = typeList(schema);
    if (types.length === 0) {
      if (schema.properties || schema.additionalProperties !== undefined) {
        types = ['object'];
      } else if (schema.items) {
        types = ['array'];
      } else {
        return undefined;
      }
    }
    return union(
      types.map(type => {
        switch (type) {
          case 'string':
            return 'string';
          case 'integer':
          case 'number':
            return 'number';
          case 'boolean':
            return 'boolean';
          case 'null':
            return 'null';
          case 'array':
            return `Array<${this.type(schema.items)}>`;
          case 'object':
            return this.objectType(schema);
          default:
            throw new Error(`Unsupported schema type ${type}`);
        }
      }),
    );
  }
}

function typeList(schema: SchemaObject): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

function isNullable(schema: SchemaObject): boolean {
  return schema.nullable === true || typeList(schema).includes('null');
}

/** A union of type expressions, flattened and deduplicated; `unknown` absorbs the rest. */
export function union(types: string[]): string {
  const unique = [...new Set(types.flatMap(unionMembers))];
  if (unique.length === 0) return 'never';
  if (unique.includes('unknown')) return 'unknown';
  return unique.join(' | ');
}

/** An intersection of type expressions; none means `unknown`. */
export function intersection(types: string[]): string {
  const unique = [...new Set(types)];
  if (unique.length === 0) return 'unknown';
  if (unique.length === 1) return unique[0];
  return unique
    .map(t => (unionMembers(t).length > 1 ? `(${t})` : t))
    .join(' & ');
}

/**
 * The members of a union type expression: split at each `|` outside
 * brackets and string literals.
 */
function unionMembers(type: string): string[] {
  const members: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (c === "'") {
      i++;
      while (i < type.length && type[i] !== "'") i += type[i] === '\\' ? 2 : 1;
    } else if ('{(<['.includes(c)) {
      depth++;
    } else if ('})>]'.includes(c)) {
      depth--;
    } else if (c === '|' && depth === 0) {
      members.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  members.push(type.slice(start).trim());
  return members.filter(m => m !== '');
}

/** A TypeScript literal type for a JSON value. */
export function literal(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return 'unknown';
}

/** A single-quoted TypeScript string literal. */
export function quote(value: string): string {
  return `'${value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}'`;
}

/** An object key: bare when it is an identifier, quoted otherwise. */
export function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name);
}

/**
 * A JSDoc block (with a trailing newline) for a description and tags, or
 * the empty string when there is nothing to say.
 */
export function docComment(
  description: string | undefined,
  tags: { deprecated?: boolean; public?: boolean; params?: string[] } = {},
): string {
  const lines = (description ?? '')
    .trim()
    .split('\n')
    .map(line => line.trimEnd())
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''));
  for (const param of tags.params ?? []) lines.push(`@param ${param}`);
  if (tags.deprecated) lines.push('@deprecated');
  if (tags.public) lines.push('@public');
  if (lines.length === 0) return '';
  const body = lines.map(line =>
    line ? ` * ${line.replace(/\*\//g, '*\\/')}` : ' *',
  );
  return `/**\n${body.join('\n')}\n */\n`;
}
