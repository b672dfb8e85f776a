import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { ItsmHealthCheck } from '@backstage-itsm/plugin-itsm-node';

/** What `GET /health` answers. */
export type HealthReport =
  | { status: 'ok' }
  | { status: 'error'; failures: Array<{ name: string; message: string }> };

/**
 * Checks that the plugin can reach its database, plus any checks contributed
 * by backend modules through the extension point.
 */
export class HealthService {
  private readonly checks: ItsmHealthCheck[];

  constructor(
    private readonly options: {
      database: DatabaseService;
      logger: LoggerService;
      checks: ItsmHealthCheck[];
    },
  ) {
    this.checks = [
      {
        name: 'database',
        check: async () => {
          const db = await options.database.getClient();
          await db.raw('select 1');
        },
      },
      ...options.checks,
    ];
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
}
