import { STATE_MACHINES } from '../stateMachines';
import { ACTION_ROLES } from './actions';
import { ROLE_INFO } from './roles';

describe('every process action names its roles', () => {
  it('each transition of every machine names at least one known role', () => {
    for (const machine of Object.values(STATE_MACHINES)) {
      for (const t of machine.transitions) {
        expect([
          `${machine.recordType} ${t.from}->${t.to}`,
          t.roles.length > 0,
        ]).toEqual([`${machine.recordType} ${t.from}->${t.to}`, true]);
        for (const role of t.roles) expect(ROLE_INFO[role]).toBeDefined();
      }
    }
  });

  it('pins who takes the steps the model names', () => {
    const roles = (
      type: keyof typeof STATE_MACHINES,
      from: string,
      to: string,
    ) =>
      STATE_MACHINES[type].transitions.find(t => t.from === from && t.to === to)
        ?.roles;
    // Only the service owner or the on-duty manager orders an emergency change.
    expect(roles('changes', 'draft', 'implementing')).toEqual([
      'service-owner',
      'on-duty-manager',
    ]);
    // The change manager decides the approval step; nobody else rejects there.
    expect(roles('changes', 'approval', 'rejected')).toEqual([
      'change-manager',
    ]);
    expect(roles('changes', 'approval', 'planning')).toEqual([
      'change-manager',
    ]);
    // The group coordinator sends an incident back; the requester reopens.
    expect(roles('incidents', 'assigned', 'new')).toEqual([
      'group-coordinator',
    ]);
    expect(roles('incidents', 'resolved', 'assigned')).toEqual(['requester']);
    // The problem coordinator verifies the fix before a problem closes.
    expect(roles('problems', 'resolved', 'closed')).toEqual([
      'problem-coordinator',
    ]);
    expect(ACTION_ROLES['incidents.changeGate']).toEqual(['group-coordinator']);
    // The service owner receives escalations; the on-duty manager stands in.
    expect(ACTION_ROLES['incidents.escalationAcknowledgement']).toEqual([
      'service-owner',
      'on-duty-manager',
    ]);
    expect(ACTION_ROLES['slas.signCustomer']).toEqual([
      'customer-representative',
    ]);
  });
});
