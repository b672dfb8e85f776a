import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GeneratedFile,
  generateOpenApiFiles,
  OpenApiDocument,
} from '../../../scripts/openapi-generate';
import {
  itsmTargets,
  listFiles,
  prettierFormatter,
  readDocument,
} from '../../../scripts/openapi-generate/targets';
import { spec } from './generated';

/*
 * The generated server router and client must be exactly what openapi.yaml
 * produces: regenerates in memory and compares with the committed files.
 */

const HINT =
  'run `yarn workspace @backstage-itsm/plugin-itsm-backend generate` and commit the result';

const targets = itsmTargets();
const format = prettierFormatter(targets.document);

function generate(doc: OpenApiDocument) {
  return generateOpenApiFiles(doc, {
    pluginId: targets.pluginId,
    note: targets.note,
    format,
  });
}

/** What differs between a directory and the files that should be in it. */
function drift(dir: string, files: GeneratedFile[]): string[] {
  const onDisk = new Set(listFiles(dir));
  const problems: string[] = [];
  for (const file of files) {
    if (!onDisk.delete(file.path)) {
      problems.push(`missing ${file.path}`);
    } else if (
      fs.readFileSync(path.join(dir, file.path), 'utf8') !== file.content
    ) {
      problems.push(`out of date ${file.path}`);
    }
  }
  for (const extra of onDisk) problems.push(`not generated ${extra}`);
  return problems;
}

describe('the code generated from openapi.yaml', () => {
  const document = readDocument(targets.document);
  const generated = generate(document);

  it.each([
    ['server', targets.serverDir, generated.server],
    ['client', targets.clientDir, generated.client],
  ])(
    '%s: the committed files are what the document generates',
    (_, dir, files) => {
      expect({ hint: HINT, drift: drift(dir, files) }).toEqual({
        hint: HINT,
        drift: [],
      });
    },
  );

  it('notices a document change', () => {
    // Unformatted output keeps this fast; the comparison is the same.
    const plain = (doc: OpenApiDocument) =>
      generateOpenApiFiles(doc, { pluginId: 'itsm', format: code => code });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-openapi-'));
    try {
      for (const file of plain(document).server) {
        fs.mkdirSync(path.dirname(path.join(dir, file.path)), {
          recursive: true,
        });
        fs.writeFileSync(path.join(dir, file.path), file.content);
      }
      fs.writeFileSync(path.join(dir, 'models/Stale.model.ts'), '');
      expect(drift(dir, plain(document).server)).toEqual([
        'not generated models/Stale.model.ts',
      ]);

      const changed: OpenApiDocument = structuredClone(document);
      changed.components!.schemas!.RecordLink.properties!.title.maxLength = 10;
      changed.components!.schemas!.Extra = { type: 'string' };
      delete changed.paths['/health'];
      expect(drift(dir, plain(changed).server)).toEqual([
        'missing models/Extra.model.ts',
        'out of date models/index.ts',
        'out of date apis/Api.server.ts',
        'out of date router.ts',
        'not generated models/Stale.model.ts',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves the document itself as the spec of the router', () => {
    expect(spec).toEqual(document);
  });

  it('refuses an operation without an operationId', () => {
    const changed: OpenApiDocument = structuredClone(document);
    delete changed.paths['/health'].get!.operationId;
    expect(() => generate(changed)).toThrow('GET /health has no operationId');
  });
});
