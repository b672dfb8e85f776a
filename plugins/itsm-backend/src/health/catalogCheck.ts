import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ItsmHealthCheck } from '@backstage-itsm/plugin-itsm-node';

/**
 * The health check of the catalog: one entity read with the plugin's own
 * credentials. Give it the catalog the plugin uses (with its timeout, see
 * cmdb/timedCatalog), so that a hanging catalog fails the check in time and
 * its message names no internals.
 */
export function catalogHealthCheck(
  catalog: CatalogService,
  credentials: () => Promise<BackstageCredentials>,
): ItsmHealthCheck {
  return {
    name: 'catalog',
    check: async () => {
      await catalog.getEntities(
        { limit: 1, fields: ['kind'] },
        { credentials: await credentials() },
      );
    },
  };
}
