import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BenchOptions, databaseConfig, ROOT } from './options';

/*
 * The portal backend under test: packages/backend run as `yarn start` runs
 * it (the same TypeScript transform, NODE_ENV=development so the demo
 * sign-in works) but without the file watcher, so edits elsewhere in the
 * tree do not restart it mid-run. Configs: app-config.yaml, then
 * app-config.bench.yaml, then a generated one with the database and the
 * organisation's scale.
 */

const READY = 'ITSM bench catalog ready';

export interface RssSample {
  at: number;
  rssMb: number;
}

export class BenchBackend {
  readonly baseUrl: string;
  readonly logPath: string;
  private child?: ChildProcess;
  private logLines: string[] = [];
  private readyLine?: string;
  private sampler?: NodeJS.Timeout;
  readonly samples: RssSample[] = [];
  readonly startedAt = Date.now();
  private exited?: string;
  private startupError?: string;
  /** A static external access token of this run (service credentials, for the scheduler's task API). */
  readonly serviceToken = randomBytes(24).toString('hex');

  constructor(
    private readonly options: BenchOptions,
    private readonly scale: { entities: number; seed: number },
    /** Names this instance's log and config files when several run at once (yarn test:reliability). */
    private readonly instance: string = options.db,
    /** Config layered over the run's own (e.g. a short sweep lease). */
    private readonly extraConfig: Record<string, unknown> = {},
  ) {
    this.baseUrl = `http://localhost:${options.port}`;
    this.logPath = path.join(ROOT, 'data', 'bench', `backend-${instance}.log`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The config layered over app-config.yaml and app-config.bench.yaml. */
  private writeRunConfig(): string {
    const file = path.join(
      ROOT,
      'data',
      'bench',
      `app-config.run-${this.instance}.json`,
    );
    const config = {
      backend: {
        baseUrl: this.baseUrl,
        listen: { port: this.options.port },
        database: databaseConfig(this.options),
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: this.serviceToken, subject: 'itsm-bench' },
            },
          ],
        },
      },
      itsm: { bench: { catalog: this.scale } },
    };
    const extra = {
      ...this.extraConfig,
      itsm: {
        ...config.itsm,
        ...(this.extraConfig.itsm as Record<string, unknown> | undefined),
      },
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ ...config, ...extra }, null, 2), {
      mode: 0o600,
    });
    return file;
  }

  start() {
    const runConfig = this.writeRunConfig();
    const log = fs.createWriteStream(this.logPath);
    const backendDir = path.join(ROOT, 'packages', 'backend');
    this.child = spawn(
      process.execPath,
      [
        // e.g. BENCH_BACKEND_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the backend
        ...(process.env.BENCH_BACKEND_NODE_ARGS ?? '')
          .split(' ')
          .filter(Boolean),
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        'src/index.ts',
        '--config',
        path.join(ROOT, 'app-config.yaml'),
        '--config',
        path.join(ROOT, 'app-config.bench.yaml'),
        '--config',
        runConfig,
      ],
      {
        cwd: backendDir,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      // eslint-disable-next-line no-control-regex
      const text = chunk.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '');
      for (const line of text.split('\n')) {
        if (!line) continue;
        if (line.includes('ITSM bench catalog') || line.includes('SLA sweep'))
          this.logLines.push(line);
        if (line.includes(READY)) this.readyLine = line;
        if (/startup failed|threw an error during startup/.test(line)) {
          this.startupError ??= line
            .replace(/\x1b\[[0-9;]*m/g, '')
            .slice(0, 500);
        }
      }
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
    this.child.on('exit', (code, signal) => {
      this.exited = `exited with ${code ?? signal}`;
      log.end();
    });
    this.sampler = setInterval(() => this.sample(), 200);
  }

  /** Backend RSS now, from /proc/<pid>/status (MB). */
  sample(): number | undefined {
    if (!this.child?.pid || this.exited) return undefined;
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      if (!Number.isFinite(kb)) return undefined;
      const rssMb = kb / 1024;
      this.samples.push({ at: Date.now(), rssMb });
      return rssMb;
    } catch {
      return undefined;
    }
  }

  /** CPU seconds the backend has used so far (user + system, from /proc/<pid>/stat). */
  cpuSeconds(): number | undefined {
    try {
      const stat = fs.readFileSync(`/proc/${this.child!.pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime is the 14th, stime the 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return undefined;
    }
  }

  /** The kernel's high-water mark of the backend's RSS (MB). */
  peakRssMb(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.child!.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024;
    } catch {
      return undefined;
    }
  }

  /** Samples taken between two instants. */
  rssBetween(
    from: number,
    to: number,
  ): { maxMb: number; meanMb: number } | undefined {
    const xs = this.samples
      .filter(s => s.at >= from && s.at <= to)
      .map(s => s.rssMb);
    if (xs.length === 0) return undefined;
    return {
      maxMb: Math.max(...xs),
      meanMb: xs.reduce((a, b) => a + b, 0) / xs.length,
    };
  }

  /** Lines of the bench catalog and the SLA sweep logged so far. */
  lines(): string[] {
    return [...this.logLines];
  }

  async waitFor(
    what: string,
    check: () => Promise<boolean> | boolean,
    timeoutMs: number,
  ) {
    const deadline = Date.now() + timeoutMs;
    let last = Date.now();
    while (Date.now() < deadline) {
      if (this.exited)
        throw new Error(`The backend ${this.exited}; see ${this.logPath}`);
      if (this.startupError)
        throw new Error(`The backend did not start: ${this.startupError}`);
      if (await check()) return;
      if (Date.now() - last > 15000) {
        last = Date.now();
        const progress = this.readyLine
          ? undefined
          : this.logLines.filter(l => l.includes('ITSM bench catalog')).pop();
        const seconds = Math.round((Date.now() - this.startedAt) / 1000);
        console.log(
          `  ... ${seconds} s, waiting for ${what}${
            progress
              ? `: ${progress.replace(/^.*ITSM bench catalog/, 'catalog')}`
              : ''
          }`,
        );
      }
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`Timed out waiting for ${what}; see ${this.logPath}`);
  }

  async waitUntilUp(timeoutMs: number) {
    await this.waitFor(
      'the backend',
      async () => {
        try {
          return (await fetch(`${this.baseUrl}/api/itsm/health`)).ok;
        } catch {
          return false;
        }
      },
      timeoutMs,
    );
  }

  /** Waits until the health check answers within a second three times in a row; ms waited. */
  async waitUntilResponsive(timeoutMs: number): Promise<number> {
    const started = Date.now();
    let quick = 0;
    await this.waitFor(
      'the backend to answer again',
      async () => {
        try {
          const res = await fetch(`${this.baseUrl}/api/itsm/health`, {
            signal: AbortSignal.timeout(1000),
          });
          quick = res.ok ? quick + 1 : 0;
        } catch {
          quick = 0;
        }
        return quick >= 3;
      },
      timeoutMs,
    );
    return Date.now() - started;
  }

  async waitForCatalog(timeoutMs: number): Promise<string> {
    await this.waitFor('the bench catalog', () => !!this.readyLine, timeoutMs);
    return this.readyLine!;
  }

  /** Kills the backend at once with SIGKILL, as a crash would; resolves when it is gone. */
  async crash(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    if (!this.child || this.exited) return;
    const exited = new Promise(resolve => this.child!.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  async stop() {
    if (this.sampler) clearInterval(this.sampler);
    if (!this.child || this.exited) return;
    const exited = new Promise(resolve => this.child!.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timeout = new Promise(resolve => setTimeout(resolve, 15000));
    await Promise.race([exited, timeout]);
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
