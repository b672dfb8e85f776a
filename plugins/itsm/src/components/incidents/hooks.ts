import {
  createContext,
  createElement,
  ReactNode,
  useContext,
  useMemo,
} from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  EscalationAcknowledgementBody,
  EscalationDecisionBody,
  IncidentSlaResponse,
  itsmApiRef,
} from '../../api';
import { ItsmData, useItsmApi, useRecordRefresh } from '../../hooks';

/** The clocks read once for the cards and banners of an incident's page. */
const SlaClocksContext = createContext<
  { incidentKey: string; data: ItsmData<IncidentSlaResponse> } | undefined
>(undefined);

/** Reads the clocks of an incident (nothing when `incidentKey` is unset). */
function useOwnSlaClocks(incidentKey: string | undefined) {
  const { version } = useRecordRefresh();
  return useItsmApi(
    api =>
      incidentKey
        ? api.getIncidentSla(incidentKey)
        : Promise.resolve(undefined as unknown as IncidentSlaResponse),
    [incidentKey, version],
  );
}

/**
 * Reads the clocks of an incident once for everything on its page below it
 * (the banners and the SLA clocks card).
 */
export const SlaClocksProvider = (props: {
  incidentKey: string;
  children: ReactNode;
}) => {
  const data = useOwnSlaClocks(props.incidentKey);
  const value = useMemo(
    () => ({ incidentKey: props.incidentKey, data }),
    [props.incidentKey, data],
  );
  return createElement(SlaClocksContext.Provider, { value }, props.children);
};

/**
 * The response and resolution clocks of every active SLA covering an
 * incident; read again after every write on the record page. Under a
 * {@link SlaClocksProvider} of the incident, the clocks it read.
 */
export function useSlaClocks(
  incidentKey: string,
): ItsmData<IncidentSlaResponse> {
  const shared = useContext(SlaClocksContext);
  const own = useOwnSlaClocks(
    shared?.incidentKey === incidentKey ? undefined : incidentKey,
  );
  return shared?.incidentKey === incidentKey ? shared.data : own;
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
