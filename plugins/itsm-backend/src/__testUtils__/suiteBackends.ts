import { ItsmTestDatabase } from './itsmTestDatabase';
import { ItsmTestBackend, ItsmTestOptions, startItsm } from './itsmTestBackend';

/** What a suite may vary between its test backends. */
export type SuiteBackendOptions = Pick<
  ItsmTestOptions,
  'config' | 'entities' | 'permissions' | 'extraFeatures'
>;

/**
 * Starts test backends of the ITSM plugin on the suite's database (see
 * useItsmTestDatabase). A backend with plain options (config, entities) is
 * started on first use and shared by the suite's tests, which the emptied
 * database keeps apart; a backend with its own permission service or extra
 * features is started for the one test that asks for it.
 */
export function suiteBackends(db: ItsmTestDatabase) {
  const shared = new Map<string, Promise<ItsmTestBackend>>();
  return (options: SuiteBackendOptions = {}): Promise<ItsmTestBackend> => {
    const start = () =>
      startItsm({
        ...options,
        extraFeatures: [db.feature(), ...(options.extraFeatures ?? [])],
      });
    if (options.permissions || options.extraFeatures) return start();
    const key = JSON.stringify([
      options.config ?? {},
      options.entities ?? null,
    ]);
    let backend = shared.get(key);
    if (!backend) {
      backend = start();
      backend.catch(() => shared.delete(key));
      shared.set(key, backend);
    }
    return backend;
  };
}
