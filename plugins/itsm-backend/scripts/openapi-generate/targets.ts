import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { Formatter, OpenApiDocument } from './index';

/** Where the ITSM document lives and where its generated code goes. */
export interface Targets {
  document: string;
  serverDir: string;
  clientDir: string;
  pluginId: string;
  note: string;
}

/** The targets of the ITSM plugins, found from this file's location. */
export function itsmTargets(): Targets {
  const backend = path.resolve(__dirname, '../..');
  const common = path.dirname(
    require.resolve('@backstage-itsm/plugin-itsm-common/package.json', {
      paths: [backend],
    }),
  );
  const commonPackage = JSON.parse(
    fs.readFileSync(path.join(common, 'package.json'), 'utf8'),
  );
  return {
    document: path.join(backend, 'src/schema/openapi.yaml'),
    serverDir: path.join(backend, 'src/schema/openapi/generated'),
    clientDir: path.join(common, 'src/generated'),
    pluginId: commonPackage.backstage.pluginId,
    note: 'Generated from plugins/itsm-backend/src/schema/openapi.yaml: yarn workspace @backstage-itsm/plugin-itsm-backend generate',
  };
}

/** Reads and parses the YAML (or JSON) document. */
export function readDocument(file: string): OpenApiDocument {
  const doc = load(fs.readFileSync(file, 'utf8'));
  if (!doc || typeof doc !== 'object' || !('paths' in doc)) {
    throw new Error(`${file} is not an OpenAPI document`);
  }
  return doc as OpenApiDocument;
}

interface Prettier {
  format(source: string, options: object): string;
  resolveConfig: { sync(file: string): object | null };
}

/**
 * Prettier with the repository's configuration (the root package's
 * `prettier` key), so that generated files look as `yarn prettier` leaves
 * them. Prettier 2 is a root devDependency and has no bundled types.
 */
export function prettierFormatter(configFor: string): Formatter {
  // eslint-disable-next-line @backstage/no-undeclared-imports
  const prettier: Prettier = require('prettier');
  const config = prettier.resolveConfig.sync(configFor) ?? {};
  return source => prettier.format(source, { ...config, parser: 'typescript' });
}

/** Every file under a directory, as paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), {
      withFileTypes: true,
    })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}
