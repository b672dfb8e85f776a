import path from 'path';
import {
  architectureViolations,
  findCycles,
  importsOf,
  readSources,
  SourceFile,
  stringLiterals,
} from './__testUtils__/architecture';

describe('backend architecture', () => {
  it('has no import cycle, no import against the layers, no process named in the engine and no file over 500 lines', () => {
    const files = readSources(__dirname);
    expect(files.length).toBeGreaterThan(50);
    expect(architectureViolations(files)).toEqual([]);
  });

  describe('the checks themselves', () => {
    const file = (p: string, text: string): SourceFile => ({ path: p, text });

    it('reads every kind of import statement', () => {
      expect(
        importsOf(
          [
            "import a from './a';",
            "import type { B } from '../b';",
            'import {\n  c,\n  d,\n} from "./cd";',
            "export * from './e';",
            "export { f } from './f';",
            "import './g';",
            "const h = require('./h');",
            "const i = await import('./i');",
            "import { z } from 'zod';",
          ].join('\n'),
        ).sort(),
      ).toEqual(
        [
          '../b',
          './a',
          './cd',
          './e',
          './f',
          './g',
          './h',
          './i',
          'zod',
        ].sort(),
      );
    });

    it('finds a cycle', () => {
      const graph = new Map([
        ['a.ts', ['b.ts']],
        ['b.ts', ['c.ts']],
        ['c.ts', ['a.ts']],
        ['d.ts', ['a.ts']],
      ]);
      expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    });

    it('reports an import cycle between two files', () => {
      expect(
        architectureViolations([
          file('changes/a.ts', "import { b } from './b';\n"),
          file('changes/b.ts', "import { a } from './a';\n"),
        ]),
      ).toEqual(['import cycle: changes/a.ts -> changes/b.ts -> changes/a.ts']);
    });

    it('reports an import that runs up the layers', () => {
      expect(
        architectureViolations([
          file('store/a.ts', "import { X } from '../engine/types';\n"),
          file('engine/types.ts', 'export type X = string;\n'),
          file('engine/b.ts', "import { y } from '../changes';\n"),
          file('changes/index.ts', 'export const y = 1;\n'),
          file('cmdb/c.ts', "import { y } from '../changes/index';\n"),
          file('http/d.ts', "import { w } from '../wiring';\n"),
          file('wiring.ts', 'export const w = 1;\n'),
          file('slas/e.ts', "import { t } from '../__testUtils__/t';\n"),
          file('__testUtils__/t.ts', "export const t = 'x';\n"),
        ]),
      ).toEqual([
        'cmdb/c.ts imports changes/index.ts: cmdb may import only store, permissions, engine',
        'engine/b.ts imports changes/index.ts: engine may import only store, permissions',
        expect.stringMatching(/^http\/d\.ts imports wiring\.ts: http may/),
        expect.stringMatching(/^slas\/e\.ts imports __testUtils__\/t\.ts/),
        'store/a.ts imports engine/types.ts: store may import only itself',
      ]);
    });

    it('lets tests import anything', () => {
      expect(
        architectureViolations([
          file('store/a.test.ts', "import { w } from '../wiring';\n"),
          file('wiring.ts', 'export const w = 1;\n'),
        ]),
      ).toEqual([]);
    });

    it('reports a process named in a string of the engine, not in its comments', () => {
      const text = [
        '// Sends the approvals of a change.',
        '/* incidents */',
        "const a = 'records';",
        'const b = `${type} Changes`;',
        "const c = 'no change';",
      ].join('\n');
      expect(stringLiterals(text)).toEqual([
        'records',
        ' Changes',
        'no change',
      ]);
      expect(architectureViolations([file('engine/x.ts', text)])).toEqual([
        expect.stringContaining(
          'engine/x.ts names a process in the string " Changes"',
        ),
        expect.stringContaining('"no change"'),
      ]);
      expect(architectureViolations([file('changes/x.ts', text)])).toEqual([]);
    });

    it('reports a file over 500 lines, except generated ones and listed ones still over', () => {
      const long = 'export const x = 1;\n'.repeat(501);
      expect(
        architectureViolations(
          [
            file('engine/long.ts', long),
            file('engine/long.test.ts', long),
            file('schema/openapi/generated/router.ts', long),
            file('schema/listed.test.ts', long),
          ],
          ['schema/listed.test.ts', 'schema/gone.test.ts'],
        ),
      ).toEqual([
        'engine/long.test.ts has 501 lines (at most 500 per file)',
        'engine/long.ts has 501 lines (at most 500 per file)',
        'schema/gone.test.ts is listed as oversized but is not: unlist it',
      ]);
    });

    it('reports a folder that is in no layer', () => {
      expect(
        architectureViolations([file('services/x.ts', 'export {};\n')]),
      ).toEqual(['services/x.ts: "services" is in no layer (see LAYERS)']);
    });
  });

  it('reads the real source tree from src/', () => {
    const files = readSources(path.join(__dirname));
    expect(files.map(f => f.path)).toContain('engine/RecordEngine.ts');
    expect(files.map(f => f.path)).toContain('wiring.ts');
  });
});
