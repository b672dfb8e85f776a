import {
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { generateOrganisation, OrganisationScale } from './organisation';

/*
 * The benchmark's organisation in the catalog (docs/performance.md), enabled
 * only by config:
 *
 *   itsm:
 *     bench:
 *       catalog: { entities: 20000, seed: 1 }
 *
 * The provider hands the catalog every entity in one full mutation (the
 * catalog then processes and stitches them as it would entities from any
 * provider) and logs the ingestion's progress until every entity is
 * processed and stitched, with
 *
 *   ITSM bench catalog ready: <n> entities processed and stitched ...
 *
 * which `yarn bench` waits for. Restarted on the same database with the same
 * scale and seed, the mutation changes nothing and the catalog is ready at
 * once.
 */

/** The config key that enables the bench organisation. */
export const BENCH_CATALOG_CONFIG = 'itsm.bench.catalog';
/** The line the module logs once the catalog holds the whole organisation. */
export const BENCH_READY_MESSAGE = 'ITSM bench catalog ready';

/** The scale and seed of the bench organisation, or undefined when not configured. */
export function readBenchCatalogConfig(
  config: RootConfigService,
): OrganisationScale | undefined {
  const bench = config.getOptionalConfig(BENCH_CATALOG_CONFIG);
  if (!bench) return undefined;
  return {
    entities: bench.getOptionalNumber('entities') ?? 20000,
    seed: bench.getOptionalNumber('seed') ?? 1,
  };
}

interface IngestionState {
  total: number;
  processed: number;
  withErrors: number;
  stitchQueue: number;
  final: number;
}

/** Reads the catalog's own tables (catalog-backend 4.x) to tell how far processing got. */
async function ingestionState(
  database: DatabaseService,
): Promise<IngestionState> {
  const db = await database.getClient();
  const count = async (query: any) =>
    Number(Object.values((await query)[0] ?? { n: 0 })[0]);
  return {
    total: await count(db('refresh_state').count({ n: '*' })),
    processed: await count(
      db('refresh_state')
        .whereNotNull('result_hash')
        .whereNot('result_hash', '')
        .count({ n: '*' }),
    ),
    withErrors: await count(
      db('refresh_state').whereNotIn('errors', ['', '[]']).count({ n: '*' }),
    ),
    stitchQueue: await count(db('stitch_queue').count({ n: '*' })),
    final: await count(
      db('final_entities').whereNotNull('final_entity').count({ n: '*' }),
    ),
  };
}

export class BenchOrganisationProvider implements EntityProvider {
  constructor(
    private readonly options: {
      scale: OrganisationScale;
      logger: LoggerService;
      database: DatabaseService;
      /** How often progress is logged (ms). */
      pollMs?: number;
    },
  ) {}

  getProviderName(): string {
    return 'itsm-bench-organisation';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    // Not awaited: the catalog starts while its processing loop works through the organisation.
    this.load(connection).catch(error =>
      this.options.logger.error(`ITSM bench catalog failed: ${error}`),
    );
  }

  private async load(connection: EntityProviderConnection) {
    const { scale, logger } = this.options;
    const started = Date.now();
    const org = generateOrganisation(scale);
    const generated = Date.now();
    await connection.applyMutation({
      type: 'full',
      entities: org.entities.map(entity => ({
        entity,
        locationKey: 'itsm-bench',
      })),
    });
    const applied = Date.now();
    logger.info(
      `ITSM bench catalog: ${org.entities.length} entities (seed ${
        scale.seed
      }) generated in ${generated - started} ms, full mutation applied in ${
        applied - generated
      } ms; waiting for processing and stitching`,
    );
    await this.watch(org.entities.length, applied);
  }

  private async watch(expected: number, applied: number) {
    const { logger, database } = this.options;
    const pollMs = this.options.pollMs ?? 5000;
    for (;;) {
      let state: IngestionState;
      try {
        state = await ingestionState(database);
      } catch (error) {
        logger.warn(
          `ITSM bench catalog: cannot read the ingestion state (${error}); not watching`,
        );
        return;
      }
      const seconds = ((Date.now() - applied) / 1000).toFixed(1);
      const ready =
        state.total >= expected &&
        state.processed >= state.total &&
        state.stitchQueue === 0 &&
        state.final >= expected;
      if (ready) {
        logger.info(
          `${BENCH_READY_MESSAGE}: ${state.final} entities processed and stitched ${seconds} s after the mutation (${state.withErrors} with errors)`,
        );
        return;
      }
      logger.info(
        `ITSM bench catalog: ${state.processed}/${state.total} processed, ${state.stitchQueue} awaiting stitching, ${state.final}/${expected} stitched after ${seconds} s`,
      );
      await new Promise(resolve => setTimeout(resolve, pollMs));
    }
  }
}

/** The catalog module that adds the bench organisation's provider. */
export const benchCatalogModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'itsm-bench-organisation',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
      },
      async init({ catalog, config, logger, database }) {
        const scale = readBenchCatalogConfig(config);
        if (!scale) return;
        catalog.addEntityProvider(
          new BenchOrganisationProvider({ scale, logger, database }),
        );
      },
    });
  },
});

/** Adds {@link benchCatalogModule} only when `itsm.bench.catalog` is configured. */
export const benchCatalogFeatures = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (readBenchCatalogConfig(config)) yield benchCatalogModule;
  },
});
