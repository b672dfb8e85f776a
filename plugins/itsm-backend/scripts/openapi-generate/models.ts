import { OpenApiDocument, SchemaObject } from './document';
import {
  Formatter,
  GeneratedFile,
  generatedFile,
  modelImports,
} from './output';
import { docComment, TypeWriter } from './typescript';

/**
 * `models/<Name>.model.ts` for every component schema and `models/index.ts`
 * exporting them all.
 */
export function modelFiles(
  doc: OpenApiDocument,
  note: string | undefined,
  format: Formatter,
): GeneratedFile[] {
  const schemas = doc.components?.schemas ?? {};
  const names = Object.keys(schemas).sort();
  const files = names.map(name => {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) {
      throw new Error(`Schema name ${name} is not a TypeScript identifier`);
    }
    const schema = schemas[name];
    const writer = new TypeWriter();
    const comment = docComment(schema.description, {
      deprecated: schema.deprecated,
      public: true,
    });
    const declaration = isInterface(schema)
      ? `export interface ${name} {\n${writer
          .objectMembers(schema)
          .join('\n')}\n}\n`
      : `export type ${name} = ${writer.type(schema)};\n`;
    const imports = modelImports(writer.imports(name));
    return generatedFile(
      `models/${name}.model.ts`,
      `${imports}${imports ? '\n' : ''}${comment}${declaration}`,
      note,
      format,
    );
  });
  const index = names
    .map(name => `export * from './${name}.model';\n`)
    .join('');
  files.push(generatedFile('models/index.ts', index, note, format));
  return files;
}

/** A plain object schema becomes an interface, everything else a type alias. */
function isInterface(schema: SchemaObject): boolean {
  const objectType =
    schema.type === 'object' ||
    (schema.type === undefined && schema.properties !== undefined);
  return (
    objectType &&
    !schema.nullable &&
    !schema.allOf &&
    !schema.oneOf &&
    !schema.anyOf &&
    !schema.enum &&
    schema.const === undefined &&
    (schema.properties !== undefined || schema.additionalProperties !== false)
  );
}
