import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** Directory of the plugin's knex migrations (shipped with the package). */
export const ITSM_MIGRATIONS_DIRECTORY = resolvePackagePath(
  '@backstage-itsm/plugin-itsm-backend',
  'migrations',
);

/** Brings the schema to the latest version. */
export async function migrateItsmDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: ITSM_MIGRATIONS_DIRECTORY });
}
