import { BenchBackend } from '../../bench/lib/backend';
import { parseOptions } from '../../bench/lib/options';
import { freePort } from './postgres';

/*
 * Two portal backends on one PostgreSQL, as a production deployment with
 * two replicas runs them: same databases, each with its own scheduler. Each
 * can be killed with SIGKILL at any moment and started again; `up()` lists
 * the ones that answer, for the clients.
 */

/** The organisation the instances serve (the bench's, at its smallest). */
export const SCALE = { entities: 300, seed: 7 };

/** Config of every instance: a short sweep lease, so a dead one's sweep is taken over soon. */
export const INSTANCE_CONFIG = {
  itsm: { scheduler: { sweepLease: { seconds: 15 } } },
};

export class Instance {
  private backend?: BenchBackend;
  private starts = 0;
  up = false;
  kills = 0;
  /** How long each start took until it answered with the catalog ready (ms). */
  readonly startMs: number[] = [];

  constructor(
    readonly name: string,
    private readonly pgUrl: string,
    private readonly port: number,
  ) {}

  static async create(name: string, pgUrl: string) {
    return new Instance(name, pgUrl, await freePort());
  }

  get baseUrl() {
    return `http://localhost:${this.port}`;
  }

  get serviceToken(): string {
    return this.backend!.serviceToken;
  }

  get logPath() {
    return this.backend?.logPath;
  }

  async start(timeoutMs = 10 * 60_000) {
    const started = Date.now();
    this.starts += 1;
    const options = parseOptions([
      '--db',
      'pg',
      '--pg-url',
      this.pgUrl,
      '--port',
      String(this.port),
    ]);
    this.backend = new BenchBackend(
      options,
      SCALE,
      `reliability-${this.name}-${this.starts}`,
      INSTANCE_CONFIG,
    );
    this.backend.start();
    await this.backend.waitUntilUp(timeoutMs);
    await this.backend.waitForCatalog(timeoutMs);
    this.up = true;
    this.startMs.push(Date.now() - started);
  }

  /** SIGKILL: no shutdown hook runs, connections and transactions are cut. */
  async kill() {
    this.up = false;
    this.kills += 1;
    await this.backend?.crash();
  }

  async stop() {
    this.up = false;
    await this.backend?.stop();
  }
}
