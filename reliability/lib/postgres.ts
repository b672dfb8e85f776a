import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';

/*
 * A throwaway PostgreSQL 15 cluster the run owns, so it can stop and start
 * the server under load (a database outage) and take one plugin's database
 * away (a catalog outage). Created in a temporary directory, removed at the
 * end. As root the server runs as `postgres` (initdb refuses root).
 */

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A TCP port free on the loopback interface now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export class ThrowawayPostgres {
  private constructor(readonly dir: string, readonly port: number) {}

  readonly url = () => `postgresql://postgres@127.0.0.1:${this.port}`;

  static async create(): Promise<ThrowawayPostgres> {
    if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) {
      throw new Error(
        `yarn test:reliability needs the PostgreSQL 15 server binaries in ${PG_BIN} (PG_BIN)`,
      );
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-reliability-pg-'));
    const pg = new ThrowawayPostgres(dir, await freePort());
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
    pg.run('initdb', [
      '-D',
      pg.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
    ]);
    pg.start();
    return pg;
  }

  get dataDir() {
    return path.join(this.dir, 'data');
  }

  private run(tool: string, args: string[]) {
    const command = path.join(PG_BIN, tool);
    const [file, argv] =
      process.getuid?.() === 0
        ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
        : [command, args];
    execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  }

  start() {
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      path.join(this.dir, 'log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off`,
      'start',
    ]);
  }

  /** Stops the server the way an outage does: every connection is cut (fast shutdown). */
  stop() {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  /** A connection to one database of the cluster (the run's checks). */
  connect(database: string): Knex {
    return knexFactory({
      client: 'pg',
      connection: `${this.url()}/${database}`,
      pool: { min: 0, max: 4 },
    });
  }

  /** Stops the server for good and removes the cluster. */
  destroy() {
    try {
      this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', 'stop']);
    } catch {
      // already stopped
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
