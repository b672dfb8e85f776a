import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  ItsmRecord,
  itsmRecordUpdatePermission,
  signatureSchema,
} from '@backstage-itsm/plugin-itsm-common';
import { RecordEngine } from '../engine/RecordEngine';
import { parseInput } from '../engine/recordUtils';
import { Caller } from '../engine/types';

/** The signatures a draft SLA needs before it becomes active. */
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
            itsmRecordUpdatePermission,
          );
          if (sla.state !== 'draft') {
            throw new ConflictError(
              `${sla.key} is ${sla.state}; only a draft SLA is signed`,
            );
          }
          const group = String(
            input.role === 'customer'
              ? sla.data.customerGroup
              : sla.data.serviceOwnerGroup,
          );
          if (!caller.claims.includes(group)) {
            throw new NotAllowedError(
              `Only a member of ${group} signs ${sla.key} as ${
                input.role === 'customer'
                  ? 'customer representative'
                  : 'service owner'
              }`,
            );
          }
          const signatures = {
            ...(sla.data.signatures as object),
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
