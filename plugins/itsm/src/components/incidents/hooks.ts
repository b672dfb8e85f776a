import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  EscalationDecisionBody,
  IncidentSlaResponse,
  itsmApiRef,
} from '../../api';
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

/**
 * Records the group coordinator's decision (reassign or urge) on an incident
 * whose SLA target is in danger or breached; the record page reloads
 * afterwards.
 */
export function useEscalationDecision(incidentKey: string): {
  decide(body: EscalationDecisionBody): Promise<void>;
} {
  const api = useApi(itsmApiRef);
  const { refreshRecord } = useRecordRefresh();
  return useMemo(
    () => ({
      decide: async body => {
        await api.decideEscalation(incidentKey, body);
        refreshRecord();
      },
    }),
    [api, incidentKey, refreshRecord],
  );
}
