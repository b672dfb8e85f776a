import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  EscalationAcknowledgementBody,
  EscalationDecisionBody,
  IncidentSlaResponse,
  itsmApiRef,
} from '../../api';
import { ItsmData, useItsmApi, useRecordRefresh } from '../../hooks';

/**
 * The response and resolution clocks of every active SLA covering an
 * incident; read again after every write on the record page. The banners
 * and the SLA clocks card of a record page share one read per version
 * (RecordRefresh's `shared`).
 */
export function useSlaClocks(
  incidentKey: string,
): ItsmData<IncidentSlaResponse> {
  const { version, shared } = useRecordRefresh();
  return useItsmApi(
    api =>
      shared(`sla:${incidentKey}@${version}`, () =>
        api.getIncidentSla(incidentKey),
      ),
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

/**
 * Records the service owner's acknowledgement of the incident's escalation;
 * the record page reloads afterwards.
 */
export function useEscalationAcknowledgement(incidentKey: string): {
  acknowledge(body: EscalationAcknowledgementBody): Promise<void>;
} {
  const api = useApi(itsmApiRef);
  const { refreshRecord } = useRecordRefresh();
  return useMemo(
    () => ({
      acknowledge: async body => {
        await api.acknowledgeEscalation(incidentKey, body);
        refreshRecord();
      },
    }),
    [api, incidentKey, refreshRecord],
  );
}
