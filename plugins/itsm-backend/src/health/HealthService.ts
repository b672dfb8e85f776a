import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { ItsmHealthCheck } from '@backstage-itsm/plugin-itsm-node';

/** What `GET /health` answers. */
export type HealthReport =
  | { status: 'ok' }
  | { status: 'error'; failures: Array<{ name: string; message: string }> };

/** How long the database may take to answer `select 1`. */
export const DATABASE_CHECK_TIMEOUT_MS = 5_000;

/** The answer of `GET /health` when the database does not answer (no address, no driver text). */
export const DATABASE_DOWN_MESSAGE = 'The ITSM database does not answer';

/**
 * Checks that the plugin can reach its database, plus the checks of the
 * plugin's other dependencies (the catalog, see `withChecks`) and any checks
 * contributed by backend modules through the extension point.
 */
export class HealthService {
  private readonly checks: ItsmHealthCheck[];

  constructor(
    private readonly options: {
      database: DatabaseService;
      logger: LoggerService;
      checks: ItsmHealthCheck[];
      /** How long the database may take (DATABASE_CHECK_TIMEOUT_MS by default). */
      databaseTimeoutMs?: number;
    },
  ) {
    this.checks = [
      { name: 'database', check: () => this.assertDatabaseAnswers() },
      ...options.checks,
    ];
  }

  /** Where the failures of checks and of requests are logged. */
  get logger(): LoggerService {
    return this.options.logger;
  }

  /** This service with further checks, run after the existing ones. */
  withChecks(checks: readonly ItsmHealthCheck[]): HealthService {
    if (checks.length === 0) return this;
    return new HealthService({
      ...this.options,
      checks: [...this.options.checks, ...checks],
    });
  }

  /** Whether the database answers `select 1` in time. */
  async databaseAnswers(): Promise<boolean> {
    return this.assertDatabaseAnswers().then(
      () => true,
      () => false,
    );
  }

  async report(): Promise<HealthReport> {
    const results = await Promise.all(
      this.checks.map(async ({ name, check }) => {
        try {
          await check();
          return undefined;
        } catch (error) {
          const message =
            error instanceof Error ? error.message : String(error);
          this.options.logger.warn(`Health check ${name} failed: ${message}`);
          return { name, message };
        }
      }),
    );
    const failures = results.filter(
      (r): r is { name: string; message: string } => r !== undefined,
    );
    return failures.length === 0
      ? { status: 'ok' }
      : { status: 'error', failures };
  }

  /**
   * `select 1` on the plugin's database within the timeout; throws an error
   * with DATABASE_DOWN_MESSAGE otherwise (the cause is logged, not answered:
   * it may name the database's address).
   */
  private async assertDatabaseAnswers(): Promise<void> {
    const timeoutMs =
      this.options.databaseTimeoutMs ?? DATABASE_CHECK_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        (async () => {
          const db = await this.options.database.getClient();
          await db.raw('select 1');
        })(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      this.options.logger.warn(
        `The ITSM database does not answer: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
      throw new Error(DATABASE_DOWN_MESSAGE);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
