import fs from 'node:fs';
import path from 'node:path';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';
import knexFactory, { Knex } from 'knex';
import { BenchOptions, databaseConfig, ROOT } from './options';

/*
 * The databases of the bench portal, opened the way the backend opens them
 * (DatabaseManager with the same `backend.database` config), so the seed
 * writes exactly where the plugin reads.
 */

const quiet = {
  debug() {},
  info() {},
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
  child() {
    return quiet;
  },
};

export interface PluginDatabase {
  knex: Knex;
  close(): Promise<void>;
}

export async function openPluginDatabase(
  options: BenchOptions,
  pluginId: string,
): Promise<PluginDatabase> {
  const shutdownHooks: Array<() => Promise<void> | void> = [];
  const manager = DatabaseManager.fromConfig(
    new ConfigReader({ backend: { database: databaseConfig(options) } }),
  );
  const service = manager.forPlugin(pluginId, {
    logger: quiet as any,
    lifecycle: {
      addStartupHook() {},
      addShutdownHook(hook: () => Promise<void> | void) {
        shutdownHooks.push(hook);
      },
    } as any,
  });
  const knex = await service.getClient();
  return {
    knex,
    async close() {
      for (const hook of shutdownHooks) await hook();
      await knex.destroy().catch(() => {});
    },
  };
}

/** Drops a plugin's database (a file on SQLite, a database on PostgreSQL). */
export async function dropPluginDatabase(
  options: BenchOptions,
  pluginId: string,
) {
  if (options.db === 'sqlite') {
    fs.rmSync(path.join(options.sqliteDir, `${pluginId}.sqlite`), {
      force: true,
    });
    return;
  }
  const admin = knexFactory({ client: 'pg', connection: options.pgUrl });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ?? WITH (FORCE)`, [
      `backstage_plugin_${pluginId}`,
    ]);
  } finally {
    await admin.destroy();
  }
}

/**
 * What the seed made, read back by `yarn bench`: beside the SQLite files, or
 * under data/bench for PostgreSQL (data/ is gitignored).
 */
export function manifestPath(
  options: Pick<BenchOptions, 'db' | 'sqliteDir'>,
): string {
  return options.db === 'sqlite'
    ? path.join(options.sqliteDir, 'bench-manifest.json')
    : path.join(ROOT, 'data', 'bench', 'manifest-pg.json');
}
