import { ConflictError } from '@backstage/errors';
import {
  ACTION_ROLES,
  escalationAcknowledgementSchema,
  isFinishedState,
  ItsmRecord,
  itsmRecordUpdatePermission,
  parseRoleHolders,
} from '@backstage-itsm/plugin-itsm-common';
import { IdempotencyClaim, idempotentWrite } from '../engine/idempotency';
import { RecordEngine } from '../engine/RecordEngine';
import { parseInput } from '../engine/recordUtils';
import { Caller } from '../engine/types';
import { StoredRecord } from '../store/types';

/** The escalation an incident's data holds, as the sweep recorded it. */
function escalationOf(incident: StoredRecord) {
  const d = incident.data;
  return {
    escalated: d.escalated === true,
    to: typeof d.escalatedTo === 'string' ? d.escalatedTo : undefined,
    at: typeof d.escalatedAt === 'string' ? d.escalatedAt : undefined,
    outage: (d.escalatedOutage ?? null) as {
      kind: string;
      start: string;
    } | null,
    acknowledgedBy:
      typeof d.escalationAcknowledgedBy === 'string'
        ? d.escalationAcknowledgedBy
        : undefined,
    acknowledgedAt:
      typeof d.escalationAcknowledgedAt === 'string'
        ? d.escalationAcknowledgedAt
        : undefined,
  };
}

/**
 * The service owner's acknowledgement of the escalation of an incident's
 * outage (the on-duty manager stands in: `ACTION_ROLES
 * ['incidents.escalationAcknowledgement']`). Once per escalation: a later
 * outage escalated again asks for a new one (the sweep clears it). Who,
 * when and the note are kept on the incident, written to its history and
 * told to the group coordinator of the assignment group, in one
 * transaction (the message through the outbox). With an idempotency claim,
 * a retry answers the first answer.
 */
export async function acknowledgeEscalation(
  engine: RecordEngine,
  idOrKey: string,
  body: unknown,
  caller: Caller,
  idempotency?: IdempotencyClaim,
): Promise<ItsmRecord> {
  const input = parseInput(escalationAcknowledgementSchema, body ?? {});
  const now = engine.now();
  return idempotentWrite(engine.store, idempotency, now, claimIn =>
    engine.audited(
      'incident-escalation-acknowledgement',
      { idOrKey },
      async () => {
        const { answer, outbox } = await engine.store.transaction(async tx => {
          const incident = await engine.writable(
            tx,
            'incidents',
            idOrKey,
            caller,
            itsmRecordUpdatePermission,
          );
          await engine.assertActs(
            incident,
            ACTION_ROLES['incidents.escalationAcknowledgement'],
            caller,
            'acknowledge the escalation of',
          );
          const escalation = escalationOf(incident);
          if (!escalation.escalated) {
            throw new ConflictError(
              `${incident.key} is not escalated to the service owner; there is no escalation to acknowledge`,
            );
          }
          if (escalation.acknowledgedBy) {
            throw new ConflictError(
              `The escalation of ${incident.key} was already acknowledged by ${escalation.acknowledgedBy} at ${escalation.acknowledgedAt}`,
            );
          }
          if (isFinishedState('incidents', incident.state)) {
            throw new ConflictError(
              `${incident.key} is ${incident.state}; its escalation is no longer acknowledged`,
            );
          }
          const after = await tx.updateRecord(incident.id, incident.version, {
            data: {
              ...incident.data,
              escalationAcknowledgedBy: caller.userRef,
              escalationAcknowledgedAt: now,
              escalationAcknowledgementNote: input.note ?? null,
            },
            updatedBy: caller.userRef,
            now,
          });
          await tx.appendHistory(incident.id, [
            {
              at: now,
              actor: caller.userRef,
              action: 'escalation-acknowledged',
              field: 'escalation',
              from: null,
              to: {
                serviceOwner: escalation.to ?? null,
                escalatedAt: escalation.at ?? null,
                outage: escalation.outage,
                ...(input.note ? { note: input.note } : {}),
              },
            },
          ]);
          const roles = await engine.deps.roles.recordRoles(incident, caller);
          const coordinators =
            roles.find(r => r.role === 'group-coordinator')?.holders ?? [];
          const recipients = coordinators.length
            ? coordinators
            : parseRoleHolders(incident.assignedGroup ?? undefined);
          // The message is decided with the acknowledgement, in its transaction.
          const queued = recipients.length
            ? await tx.outbox.enqueue(
                [
                  {
                    recipients,
                    title: `${after.key}: the service owner acknowledged the escalation`,
                    description: `${caller.userRef}${
                      input.note ? `: ${input.note}` : ''
                    }`,
                    link: `/itsm/incidents/${after.key}`,
                  },
                ],
                now,
              )
            : [];
          const result = engine.toApi(after);
          await claimIn?.(tx, result);
          return { answer: result, outbox: queued };
        });
        await engine.deliver(outbox);
        return answer;
      },
    ),
  );
}
