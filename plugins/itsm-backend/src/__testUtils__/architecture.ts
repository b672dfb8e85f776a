import fs from 'fs';
import path from 'path';

/**
 * The layers of the backend, bottom up: each top-level folder (or file) of
 * src/ and the others it may import. Nothing imports upwards, and the
 * process folders import each other only without cycles.
 */
const PROCESSES = ['incidents', 'problems', 'changes', 'releases', 'slas'];
const BELOW_PROCESSES = ['store', 'permissions', 'engine', 'cmdb', 'config.ts'];

export const LAYERS: Record<string, readonly string[]> = {
  // The HTTP contract, generated from openapi.yaml.
  schema: [],
  'config.ts': [],
  'setupTests.ts': [],
  // The only code that touches knex tables.
  store: [],
  permissions: ['store'],
  // The record engine: names no process.
  engine: ['store', 'permissions'],
  cmdb: ['store', 'permissions', 'engine'],
  ...Object.fromEntries(
    PROCESSES.map(p => [
      p,
      [...BELOW_PROCESSES, ...PROCESSES.filter(o => o !== p)],
    ]),
  ),
  health: [],
  demo: [...BELOW_PROCESSES, ...PROCESSES],
  // The process figures (KPIs) over the records of every process.
  kpis: [...BELOW_PROCESSES],
  // What the store indexes of each process's records.
  'recordFacts.ts': [...BELOW_PROCESSES, ...PROCESSES],
  // Builds the services, the health checks of what they depend on included.
  'wiring.ts': [
    ...BELOW_PROCESSES,
    ...PROCESSES,
    'health',
    'kpis',
    'recordFacts.ts',
  ],
  http: [...BELOW_PROCESSES, ...PROCESSES, 'health', 'kpis', 'schema'],
  'plugin.ts': [
    ...BELOW_PROCESSES,
    ...PROCESSES,
    'health',
    'demo',
    'http',
    'wiring.ts',
  ],
  // The package exports the plugin and the permission conditions for policies.
  'index.ts': ['plugin.ts', 'permissions'],
  // Test support may use anything; nothing but tests may use it.
  __testUtils__: ['*'],
};

/** Folders whose string literals may not name a process. */
export const PROCESS_FREE_LAYERS = ['engine'];

/** Words that name a process (record types and their singulars). */
const PROCESS_WORD = /\b(incidents?|problems?|changes?|releases?|slas?)\b/i;

export const MAX_LINES = 500;

/** Generated code, exempt from the size limit. */
const GENERATED = /^schema\/openapi\/generated\//;

/** A source file: its path relative to src/ (with `/`) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

export const isTest = (file: string) => /\.test\.tsx?$/.test(file);

/** Every .ts file under `root`, relative paths with `/`. */
export function readSources(root: string): SourceFile[] {
  const result: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) {
        result.push({
          path: path.relative(root, full).split(path.sep).join('/'),
          text: fs.readFileSync(full, 'utf8'),
        });
      }
    }
  };
  walk(root);
  return result.sort((a, b) => a.path.localeCompare(b.path));
}

const IMPORT_PATTERNS = [
  // import x from '...', import { a } from '...', export * from '...', import type ...
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
  // import '...'
  /(?:^|[\s;])import\s*['"]([^'"]+)['"]/g,
  // import('...'), require('...'), jest.mock('...')
  /(?:\bimport|\brequire|\bjest\.mock)\(\s*['"]([^'"]+)['"]/g,
];

/** The module specifiers a file imports (regex over the source). */
export function importsOf(text: string): string[] {
  const specs = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of text.matchAll(pattern)) specs.add(match[1]);
  }
  return [...specs];
}

/** The file a relative import of `from` points to, among `known` paths. */
export function resolveImport(
  from: string,
  spec: string,
  known: Set<string>,
): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.posix.normalize(
    path.posix.join(path.posix.dirname(from), spec),
  );
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find(c =>
    known.has(c),
  );
}

/** The layer of a path relative to src/: its first segment. */
export const layerOf = (file: string) => file.split('/')[0];

/** The string literals of a source, comments left out (template literals without their ${...}). */
export function stringLiterals(text: string): string[] {
  const literals: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i += 2;
    } else if (c === "'" || c === '"' || c === '`') {
      let value = '';
      let depth = 0;
      i += 1;
      while (i < text.length && (text[i] !== c || depth > 0)) {
        if (text[i] === '\\') {
          value += text[i + 1];
          i += 2;
          continue;
        }
        if (c === '`' && text[i] === '$' && text[i + 1] === '{') depth += 1;
        else if (depth > 0 && text[i] === '}') depth -= 1;
        else if (depth === 0) value += text[i];
        i += 1;
      }
      literals.push(value);
      i += 1;
    } else {
      i += 1;
    }
  }
  return literals;
}

/** An import cycle among the files, as a path that ends where it starts. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(next)), next]);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) {
    if (!state.has(node)) visit(node);
  }
  return cycles;
}

/**
 * Every broken rule of the layout: import cycles among non-test files,
 * imports that run against the layers, process names in the string literals
 * of the engine, and files over the size limit (generated ones and the
 * listed `oversized` ones excepted). Empty when the layout holds.
 */
export function architectureViolations(
  files: SourceFile[],
  oversized: readonly string[] = [],
): string[] {
  const violations: string[] = [];
  const known = new Set(files.map(f => f.path));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const lines = file.text.split('\n').length - 1;
    if (
      lines > MAX_LINES &&
      !GENERATED.test(file.path) &&
      !oversized.includes(file.path)
    ) {
      violations.push(
        `${file.path} has ${lines} lines (at most ${MAX_LINES} per file)`,
      );
    }
    if (isTest(file.path)) continue;
    const layer = layerOf(file.path);
    const allowed = LAYERS[layer];
    if (!allowed) {
      violations.push(`${file.path}: "${layer}" is in no layer (see LAYERS)`);
      continue;
    }
    const targets: string[] = [];
    for (const spec of importsOf(file.text)) {
      // Packages, and files outside src/, are no layer of ours.
      const target = resolveImport(file.path, spec, known);
      if (!target) continue;
      targets.push(target);
      const to = layerOf(target);
      if (to === layer || allowed.includes('*')) continue;
      if (!allowed.includes(to)) {
        violations.push(
          `${file.path} imports ${target}: ${layer} may import only ${
            allowed.length ? allowed.join(', ') : 'itself'
          }`,
        );
      }
    }
    graph.set(file.path, targets);
    if (PROCESS_FREE_LAYERS.includes(layer)) {
      // Import paths are checked as imports above.
      const specs = new Set(importsOf(file.text));
      for (const literal of stringLiterals(file.text)) {
        if (PROCESS_WORD.test(literal) && !specs.has(literal)) {
          violations.push(
            `${file.path} names a process in the string "${literal}"; the ${layer} is given the processes, it names none`,
          );
        }
      }
    }
  }
  for (const cycle of findCycles(graph)) {
    violations.push(`import cycle: ${cycle.join(' -> ')}`);
  }
  for (const file of oversized) {
    const found = files.find(f => f.path === file);
    if (!found || found.text.split('\n').length - 1 <= MAX_LINES) {
      violations.push(`${file} is listed as oversized but is not: unlist it`);
    }
  }
  return violations.sort();
}
