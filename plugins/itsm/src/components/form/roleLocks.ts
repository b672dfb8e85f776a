import {
  ACTION_ROLES,
  ActorRole,
  CHANGE_GATE_CONDITIONS,
  INCIDENT_MACHINE,
  ItsmRecord,
} from '@backstage-itsm/plugin-itsm-common';
import type { ItsmRecordRoles } from '../../api';
import type { ItsmData } from '../../hooks';
import { actsInAny, whoCan } from '../common/roles';

/**
 * The inputs of an edit that need a role the caller does not act in, by
 * field name, each with a note saying who changes it: on an incident, the
 * change-gate flags (`incidents.changeGate`) and, once it has left `new`,
 * the assignment group and assignee (`incidents.reassign`). While the
 * caller's roles load, or when they cannot be read, these inputs are locked
 * too.
 */
export function roleLockedFields(
  record: ItsmRecord,
  roles: Pick<ItsmData<ItsmRecordRoles>, 'loading' | 'error' | 'value'>,
): Record<string, string> {
  if (record.type !== 'incidents') return {};
  const known = roles.loading || roles.error ? undefined : roles.value;
  const note = (needs: readonly ActorRole[], what: string) => {
    if (known) return `${what}: ${whoCan(needs, known.roles)}`;
    return roles.loading
      ? 'Checking your roles…'
      : 'Your roles could not be read; this cannot be changed now';
  };
  const locked: Record<string, string> = {};
  const gate = ACTION_ROLES['incidents.changeGate'];
  if (!actsInAny(gate, known)) {
    for (const condition of CHANGE_GATE_CONDITIONS) {
      locked[`changeGate.${condition.flag}`] = note(
        gate,
        'Changes the change gate',
      );
    }
  }
  const reassign = ACTION_ROLES['incidents.reassign'];
  if (
    record.state !== INCIDENT_MACHINE.initial &&
    !actsInAny(reassign, known)
  ) {
    locked.assignedGroup = note(reassign, 'Reassigns');
    locked.assignee = note(reassign, 'Reassigns');
  }
  return locked;
}
