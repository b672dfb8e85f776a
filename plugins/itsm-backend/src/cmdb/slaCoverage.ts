import { ACTIVE_SLA_STATES } from '@backstage-itsm/plugin-itsm-common';
import { listAll } from '../store/listAll';
import { ItsmStore, StoredRecord } from '../store/types';

/** The active SLAs covering any of the entities (every one, paged in SQL). */
export async function activeSlasCovering(
  store: Pick<ItsmStore, 'listRecords'>,
  entityRefs: string[],
): Promise<StoredRecord[]> {
  const refs = [...new Set(entityRefs)];
  if (refs.length === 0) return [];
  return listAll(store, {
    type: 'slas',
    states: [...ACTIVE_SLA_STATES],
    entityRefs: refs,
  });
}

/**
 * The entities through which SLAs cover a record: its own, and the Systems
 * they are part of as the catalog said when the record was last written
 * (`data.systemRefs`). An SLA on a System covers its parts.
 */
export function coverageRefsOf(record: StoredRecord): string[] {
  const systems = (record.data.systemRefs as string[] | undefined) ?? [];
  return [...new Set([...record.entityRefs, ...systems])];
}

/** Whether an SLA (version) on these entities covers the record. */
export function covers(
  slaEntityRefs: readonly string[],
  record: StoredRecord,
): boolean {
  const refs = new Set(coverageRefsOf(record));
  return slaEntityRefs.some(e => refs.has(e));
}
