import { IncidentSlaResponse } from '../../api';
import { ItsmData, useItsmApi, useRecordRefresh } from '../../hooks';

/**
 * The response and resolution clocks of every active SLA covering an
 * incident; read again after every write on the record page.
 */
export function useSlaClocks(
  incidentKey: string,
): ItsmData<IncidentSlaResponse> {
  const { version } = useRecordRefresh();
  return useItsmApi(
    api => api.getIncidentSla(incidentKey),
    [incidentKey, version],
  );
}
