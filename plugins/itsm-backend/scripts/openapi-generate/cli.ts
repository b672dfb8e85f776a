import fs from 'node:fs';
import path from 'node:path';
import { GeneratedFile, generateOpenApiFiles } from './index';
import {
  itsmTargets,
  listFiles,
  prettierFormatter,
  readDocument,
} from './targets';

/**
 * Writes the generated files into a directory, removing the files the
 * generator no longer produces, and reports what changed.
 */
function writeDir(dir: string, files: GeneratedFile[]): string[] {
  const changes: string[] = [];
  const wanted = new Set(files.map(f => f.path));
  for (const existing of listFiles(dir)) {
    if (!wanted.has(existing)) {
      fs.rmSync(path.join(dir, existing));
      changes.push(`removed ${path.join(dir, existing)}`);
    }
  }
  for (const file of files) {
    const target = path.join(dir, file.path);
    const before = fs.existsSync(target)
      ? fs.readFileSync(target, 'utf8')
      : undefined;
    if (before === file.content) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
    changes.push(`${before === undefined ? 'created' : 'updated'} ${target}`);
  }
  return changes;
}

/** Regenerates the ITSM server and client code from openapi.yaml. */
export function main() {
  const targets = itsmTargets();
  const { server, client } = generateOpenApiFiles(
    readDocument(targets.document),
    {
      pluginId: targets.pluginId,
      note: targets.note,
      format: prettierFormatter(targets.document),
    },
  );
  const changes = [
    ...writeDir(targets.serverDir, server),
    ...writeDir(targets.clientDir, client),
  ];
  console.log(
    changes.length > 0
      ? changes.join('\n')
      : `Generated code is up to date with ${targets.document}`,
  );
}
