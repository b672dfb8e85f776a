import { ACTIVE_SLA_STATES } from '@backstage-itsm/plugin-itsm-common';
import { ItsmStore, StoredRecord } from '../store/types';

/** The active SLAs covering any of the entities. */
export async function activeSlasCovering(
  store: Pick<ItsmStore, 'listRecords'>,
  entityRefs: string[],
): Promise<StoredRecord[]> {
  if (entityRefs.length === 0) return [];
  const { items } = await store.listRecords({
    type: 'slas',
    states: [...ACTIVE_SLA_STATES],
    entityRefs,
    limit: 500,
  });
  return items;
}
