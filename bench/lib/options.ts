import path from 'node:path';
import { JsonObject } from '@backstage/types';

/*
 * Command-line options shared by `yarn bench:seed` and `yarn bench`
 * (docs/performance.md lists them).
 */

export const ROOT = path.resolve(__dirname, '..', '..');

/** How many of everything. */
export interface BenchCounts {
  entities: number;
  incidents: number;
  changes: number;
  problems: number;
  slas: number;
  /** Open SLA clocks: open incidents x active SLAs covering them x 2 (response, resolution). */
  clocks: number;
}

/** The full scale (issue 16, "Benchmark"). */
export const FULL_SCALE: BenchCounts = {
  entities: 20_000,
  incidents: 1_000_000,
  changes: 200_000,
  problems: 10_000,
  slas: 1_000,
  clocks: 100_000,
};

/** Named scales: a fraction of the full one (entities scale separately). */
const PRESETS: Record<string, { records: number; entities: number }> = {
  full: { records: 1, entities: 1 },
  medium: { records: 0.1, entities: 0.5 },
  small: { records: 0.02, entities: 0.1 },
  tiny: { records: 0.002, entities: 0.025 },
};

export interface BenchOptions {
  scaleName: string;
  counts: BenchCounts;
  seed: number;
  db: 'sqlite' | 'pg';
  /** PostgreSQL connection string (the server; each plugin gets its own database). */
  pgUrl?: string;
  /** SQLite directory of the bench portal (one file per plugin). */
  sqliteDir: string;
  /** Start from an empty ITSM database (seed). */
  reset: boolean;
  /** Seed: records per transaction of the bulk write. */
  batch: number;
  /** Seed: record the SLA warnings and escalations due before `now` (as a running portal would have). */
  preclaim: boolean;
  /** The instant the data is generated around (ISO); default today 00:00 UTC. */
  now: string;
  /** Benchmark: requests per operation, warm-up requests, concurrent clients. */
  iterations: number;
  warmup: number;
  concurrency: number;
  /** Benchmark: stop measuring an operation after this many seconds. */
  maxSeconds: number;
  /** Benchmark: abandon one call after this many seconds (it counts as an error). */
  requestTimeout: number;
  /** Benchmark: only the operations whose name contains one of these words. */
  only: string[];
  output: string;
  port: number;
}

function usage(): never {
  console.log(`Options (yarn bench:seed and yarn bench):
  --scale tiny|small|medium|full|<fraction>  counts (default small; full = ${JSON.stringify(
    FULL_SCALE,
  )})
  --entities N --incidents N --changes N --problems N --slas N --clocks N   override one count
  --seed N                 generator seed (default 1)
  --db sqlite|pg           database (default sqlite; pg when --pg-url is given)
  --pg-url URL             PostgreSQL server, e.g. postgresql://postgres@127.0.0.1:5432
                           (default: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, set by scripts/with-postgres.sh)
  --sqlite-dir DIR         SQLite directory (default data/bench/sqlite)
  --now ISO                instant the data is generated around (default today 00:00 UTC)
  --reset                  (seed) drop the ITSM database first
  --batch N                (seed) records per transaction (default 1000)
  --no-preclaim            (seed) leave the SLA warnings and escalations due before --now to the bench's first sweep
  --iterations N           (bench) measured requests per operation (default 50)
  --warmup N               (bench) unmeasured requests first (default 5)
  --concurrency N          (bench) clients in parallel (default 1)
  --max-seconds N          (bench) stop measuring an operation after N s (default 120)
  --request-timeout N      (bench) abandon a call after N s; it counts as an error (default 120)
  --only a,b               (bench) only operations whose name contains a word
  --output FILE            (bench) JSON results (default bench/results/latest.json)
  --port N                 (bench) backend port (default 7017)`);
  process.exit(0);
}

export function parseOptions(argv: string[]): BenchOptions {
  const args = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') usage();
    if (!a.startsWith('--'))
      throw new Error(`Unexpected argument ${a} (--help lists the options)`);
    const [name, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) args.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--'))
      args.set(name, argv[++i]);
    else flags.add(name);
  }
  const num = (name: string, fallback: number) => {
    const v = args.get(name);
    if (v === undefined) return fallback;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isFinite(n) || n < 0)
      throw new Error(`--${name} must be a number, got ${v}`);
    return n;
  };
  const scaleName = args.get('scale') ?? 'small';
  const preset = PRESETS[scaleName] ?? {
    records: Number(scaleName),
    entities: Math.sqrt(Number(scaleName)),
  };
  if (!Number.isFinite(preset.records) || preset.records <= 0) {
    throw new Error(
      `--scale must be tiny, small, medium, full or a fraction, got ${scaleName}`,
    );
  }
  const scaled = (key: keyof BenchCounts, factor: number) =>
    Math.max(1, Math.round(num(key, FULL_SCALE[key] * factor)));
  const counts: BenchCounts = {
    entities: Math.max(300, scaled('entities', preset.entities)),
    incidents: scaled('incidents', preset.records),
    changes: scaled('changes', preset.records),
    problems: scaled('problems', preset.records),
    slas: scaled('slas', preset.entities),
    clocks: scaled('clocks', preset.records),
  };
  const pgUrl =
    args.get('pg-url') ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  const db = (args.get('db') ??
    (args.has('pg-url') ? 'pg' : 'sqlite')) as BenchOptions['db'];
  if (db !== 'sqlite' && db !== 'pg')
    throw new Error(`--db must be sqlite or pg, got ${db}`);
  if (db === 'pg' && !pgUrl) {
    throw new Error(
      '--db pg needs --pg-url (or run under ./scripts/with-postgres.sh)',
    );
  }
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  return {
    scaleName,
    counts,
    seed: num('seed', 1),
    db,
    pgUrl: db === 'pg' ? pgUrl : undefined,
    sqliteDir: path.resolve(
      ROOT,
      args.get('sqlite-dir') ?? 'data/bench/sqlite',
    ),
    reset: flags.has('reset'),
    batch: Math.max(1, Math.round(num('batch', 1000))),
    preclaim: !flags.has('no-preclaim'),
    now: new Date(args.get('now') ?? today.toISOString()).toISOString(),
    iterations: num('iterations', 50),
    warmup: num('warmup', 5),
    concurrency: Math.max(1, num('concurrency', 1)),
    maxSeconds: num('max-seconds', 120),
    requestTimeout: num('request-timeout', 120),
    only: (args.get('only') ?? '').split(',').filter(Boolean),
    output: path.resolve(
      ROOT,
      args.get('output') ?? 'bench/results/latest.json',
    ),
    port: num('port', 7017),
  };
}

/** `backend.database` of the bench portal (the seed writes where the backend reads). */
export function databaseConfig(options: BenchOptions): JsonObject {
  if (options.db === 'pg') {
    return { client: 'pg', connection: options.pgUrl! };
  }
  return {
    client: 'better-sqlite3',
    connection: { directory: options.sqliteDir },
  };
}
