import { PriorityMatrix } from '@backstage-itsm/plugin-itsm-common';
import { createIncidentHandler } from './handler';
import { INCIDENT_EFFECTS, INCIDENT_GUARDS } from './rules';

export { IncidentAutoClose } from './IncidentAutoClose';

/** The incident process as the record engine runs it. */
export function incidentProcess(config: { priorityMatrix: PriorityMatrix }) {
  return {
    handler: createIncidentHandler(config),
    guards: INCIDENT_GUARDS,
    effects: INCIDENT_EFFECTS,
  };
}
