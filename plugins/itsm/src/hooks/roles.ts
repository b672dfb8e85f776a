import type { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import type { ItsmEntityRoles, ItsmRecordRoles } from '../api';
import { useRecordRefresh } from './RecordRefresh';
import { ItsmData, useItsmApi } from './useItsmApi';

/** Who does what for a catalog entity: each process role, its holders and their source. */
export function useEntityRoles(entityRef: string): ItsmData<ItsmEntityRoles> {
  return useItsmApi(api => api.getEntityRoles(entityRef), [entityRef]);
}

/**
 * The roles on one record and those the caller acts in; read again with the
 * record (a transition or a reassignment may change who holds them). The
 * cards of a record page that ask share one read per version.
 */
export function useRecordRoles(
  type: ItsmRecordType,
  key: string,
): ItsmData<ItsmRecordRoles> {
  const { recordVersion, shared } = useRecordRefresh();
  return useItsmApi(
    api =>
      shared(`roles:${type}/${key}@${recordVersion}`, () =>
        api.getRecordRoles(type, key),
      ),
    [type, key, recordVersion],
  );
}
