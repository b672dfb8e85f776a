import { LoggerService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Duration } from 'luxon';

/** How long a catalog call may take unless `itsm.catalog.timeout` says otherwise. */
export const DEFAULT_CATALOG_TIMEOUT_MS = 5_000;

/** The config key of the catalog timeout (config.d.ts). */
export const CATALOG_TIMEOUT_KEY = 'itsm.catalog.timeout';

/**
 * `itsm.catalog.timeout` in milliseconds (a duration: `5s`, `{ seconds: 5 }`,
 * `PT5S`), 5 seconds by default.
 */
export function readCatalogTimeoutMs(config: Config): number {
  if (!config.has(CATALOG_TIMEOUT_KEY)) return DEFAULT_CATALOG_TIMEOUT_MS;
  const ms = Duration.fromObject(
    readDurationFromConfig(config, { key: CATALOG_TIMEOUT_KEY }),
  ).toMillis();
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new Error(`${CATALOG_TIMEOUT_KEY} must be a positive duration`);
  }
  return ms;
}

/** A duration in words for a message: `5 s`, `50 ms`. */
function inWords(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * Why a catalog call failed, in words that name no address, URL or stack:
 * the status the catalog answered, or that it could not be reached.
 */
function describeFailure(error: unknown): string {
  const status = (error as { statusCode?: unknown; status?: unknown })
    ?.statusCode;
  if (typeof status === 'number') return `it answered ${status}`;
  return 'it could not be reached';
}

/**
 * The catalog as every part of the plugin uses it: each call that does not
 * answer within `timeoutMs` is given up with ServiceUnavailableError (503),
 * and so is each call that fails, with a message that says so and names no
 * internals (the cause is logged). Calls answering a stream are passed on
 * unchanged.
 */
export function timedCatalog(
  catalog: CatalogService,
  options: { timeoutMs: number; logger?: LoggerService },
): CatalogService {
  const { timeoutMs, logger } = options;
  const answerInTime = <T>(name: string, call: Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        logger?.warn(
          `Catalog call ${name} gave no answer within ${inWords(timeoutMs)}`,
        );
        reject(
          new ServiceUnavailableError(
            `The catalog did not answer within ${inWords(
              timeoutMs,
            )}; try again later`,
          ),
        );
      }, timeoutMs);
    });
    const answered = call.catch(error => {
      if ((error as Error)?.name === 'ServiceUnavailableError') throw error;
      logger?.warn(`Catalog call ${name} failed`, toLoggable(error));
      throw new ServiceUnavailableError(
        `The catalog is unavailable (${describeFailure(
          error,
        )}); try again later`,
      );
    });
    return Promise.race([answered, timeout]).finally(() => {
      if (timer) clearTimeout(timer);
    });
  };

  const wrap =
    (name: string, fn: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      let result: unknown;
      try {
        result = fn.apply(catalog, args);
      } catch (error) {
        return answerInTime(name, Promise.reject(error));
      }
      if (
        typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function'
      )
        return result;
      return answerInTime(name, Promise.resolve(result));
    };

  return new Proxy(catalog, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function'
        ? wrap(String(property), value as (...args: unknown[]) => unknown)
        : value;
    },
  });
}

function toLoggable(error: unknown): Error | undefined {
  return error instanceof Error ? error : undefined;
}
