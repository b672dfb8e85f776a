import { CLIENT_NAMES, clientFiles } from './client';
import { listOperations, OpenApiDocument } from './document';
import { modelFiles } from './models';
import { operationTypeName } from './operations';
import { Formatter, GeneratedFile } from './output';
import { serverFiles } from './server';

export type { Formatter, GeneratedFile } from './output';
export type { OpenApiDocument } from './document';

/** Names the server files declare themselves, which models must not take. */
const SERVER_NAMES = ['EndpointMap', 'spec', 'createOpenApiRouter'];

/** Global names the generated code uses, which models must not shadow. */
const GLOBAL_NAMES = ['Array', 'Omit', 'Parameters', 'Promise', 'Response'];

/**
 * Generates the server side (`src/schema/openapi/generated` of the backend)
 * and the client side (`src/generated` of the common package) from an
 * OpenAPI document, in the layout of Backstage's `backstage-repo-tools
 * package schema openapi generate --server --client-package`.
 */
export function generateOpenApiFiles(
  doc: OpenApiDocument,
  options: {
    /** The plugin id the client asks the discovery API for. */
    pluginId: string;
    /** A line written under the banner of every file, e.g. how to regenerate. */
    note?: string;
    /** Formats each file; prettier in the CLI and the drift test. */
    format: Formatter;
  },
): { server: GeneratedFile[]; client: GeneratedFile[] } {
  const operations = listOperations(doc);
  checkNames(doc, operations.map(operationTypeName));
  const { note, format } = options;
  const models = modelFiles(doc, note, format);
  return {
    server: [...models, ...serverFiles(doc, operations, note, format)],
    client: [
      ...models,
      ...clientFiles(operations, options.pluginId, note, format),
    ],
  };
}

/** Refuses a document whose names would clash in the generated code. */
function checkNames(doc: OpenApiDocument, operationTypes: string[]) {
  const models = Object.keys(doc.components?.schemas ?? {});
  const taken = new Map<string, string>();
  for (const name of [...SERVER_NAMES, ...CLIENT_NAMES, ...GLOBAL_NAMES]) {
    taken.set(name, 'a name of the generated code');
  }
  const clashes: string[] = [];
  for (const [name, what] of [
    ...models.map(m => [m, `schema ${m}`]),
    ...operationTypes.map(o => [o, `operation type ${o}`]),
  ]) {
    const previous = taken.get(name);
    if (previous) clashes.push(`${what} clashes with ${previous}`);
    else taken.set(name, what);
  }
  if (clashes.length > 0) {
    throw new Error(`Name clashes:\n  ${clashes.join('\n  ')}`);
  }
}
