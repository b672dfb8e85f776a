import { ConflictError } from '@backstage/errors';
import {
  ACTION_ROLES,
  ItsmRecord,
  itsmRecordReadPermission,
  signatureSchema,
  SLA_MACHINE,
} from '@backstage-itsm/plugin-itsm-common';
import { RecordEngine } from '../engine/RecordEngine';
import { parseInput } from '../engine/recordUtils';
import { Caller } from '../engine/types';

/** Each party: the roles that sign for it, and how the answers name it. */
const PARTIES = {
  customer: { roles: ACTION_ROLES['slas.signCustomer'], side: 'customer' },
  serviceOwner: {
    roles: ACTION_ROLES['slas.signServiceOwner'],
    side: 'service owner',
  },
} as const;

type Party = keyof typeof PARTIES;

interface Signature {
  by: string;
  at: string;
}

/**
 * The signatures a draft SLA needs before it becomes active. Signing is the
 * party's act, not an edit: it needs read access to the SLA and the party's
 * role (a customer representative of its customer group, its service
 * owner), not itsm.record.update. Each party signs once, and one person
 * signs for one party only.
 */
export class SlaSignatures {
  constructor(private readonly engine: RecordEngine) {}

  /** A customer representative or service owner signs a draft SLA. */
  async sign(
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<ItsmRecord> {
    const { engine } = this;
    const input = parseInput(signatureSchema, body);
    const party = PARTIES[input.role];
    const now = engine.now();
    return engine.audited(
      'sla-sign',
      { idOrKey, role: input.role },
      async () => {
        const record = await engine.store.transaction(async tx => {
          const sla = await engine.writable(
            tx,
            'slas',
            idOrKey,
            caller,
            itsmRecordReadPermission,
          );
          if (sla.state !== SLA_MACHINE.initial) {
            throw new ConflictError(
              `${sla.key} is ${sla.state}; only a draft SLA is signed`,
            );
          }
          await engine.assertActs(
            sla,
            party.roles,
            caller,
            `sign the ${party.side} side of`,
          );
          const given = (sla.data.signatures ?? {}) as Partial<
            Record<Party, Signature>
          >;
          const mine = given[input.role];
          if (mine) {
            throw new ConflictError(
              `${sla.key} is already signed for the ${party.side} by ${mine.by}; each party signs once`,
            );
          }
          const other = Object.entries(given).find(
            ([, s]) => s?.by === caller.userRef,
          );
          if (other) {
            throw new ConflictError(
              `${caller.userRef} signed ${sla.key} for the ${
                PARTIES[other[0] as Party].side
              }; one person cannot sign for both parties`,
            );
          }
          const signatures = {
            ...given,
            [input.role]: { by: caller.userRef, at: now },
          };
          const after = await tx.updateRecord(sla.id, sla.version, {
            data: { ...sla.data, signatures },
            updatedBy: caller.userRef,
            now,
          });
          await tx.appendHistory(sla.id, [
            {
              at: now,
              actor: caller.userRef,
              action: 'signed',
              field: input.role,
              from: null,
              to: caller.userRef,
            },
          ]);
          return after;
        });
        return engine.toApi(record);
      },
    );
  }
}
