import { ConflictError } from '@backstage/errors';
import {
  ACTION_ROLES,
  clocksInDanger,
  DEFAULT_DANGER_THRESHOLD,
  escalationDecisionSchema,
  isOpenState,
  ItsmRecord,
  itsmRecordUpdatePermission,
} from '@backstage-itsm/plugin-itsm-common';
import { IdempotencyClaim } from '../engine/idempotency';
import { RecordEngine } from '../engine/RecordEngine';
import { assertVersion, parseInput } from '../engine/recordUtils';
import { Caller } from '../engine/types';
import { SlaDeps } from './context';
import { acknowledgeEscalation } from './escalationAcknowledgement';
import { SlaClocks } from './SlaClocks';

/**
 * The group coordinator's decision on an incident whose SLA response or
 * resolution target is in danger (itsm.sla.dangerThreshold of it used) or
 * breached: reassign it to another specialist, or keep the specialist and
 * urge them. Either is recorded in the incident's history (who, when, why,
 * which targets); a reassignment changes the assignee, an urge notifies the
 * assignee. Not a transition: the state stays.
 */
export class EscalationDecisions {
  private readonly clocks: SlaClocks;
  private readonly dangerThreshold: number;

  constructor(
    private readonly engine: RecordEngine,
    deps: Pick<
      SlaDeps,
      | 'store'
      | 'calendars'
      | 'authorizer'
      | 'thresholds'
      | 'dangerThreshold'
      | 'clock'
    >,
  ) {
    this.clocks = new SlaClocks(deps);
    this.dangerThreshold = deps.dangerThreshold ?? DEFAULT_DANGER_THRESHOLD;
  }

  async decide(
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<ItsmRecord> {
    const { engine } = this;
    const input = parseInput(escalationDecisionSchema, body);
    const now = engine.now();
    // The clocks read history outside the transaction, on the version the
    // caller saw (the transaction checks it is still current).
    const seen = await engine.readable('incidents', idOrKey, caller);
    assertVersion(seen, input.version);
    const due = clocksInDanger(
      (await this.clocks.clocksOf(seen, Date.parse(now))).map(c => ({
        ...c,
        slaKey: c.sla.key,
        state: c.clock.state,
        elapsedPercent: c.clock.elapsedPercent,
        stopped: c.clock.stopped,
      })),
      this.dangerThreshold,
    );
    return engine.audited(
      'incident-escalation-decision',
      { idOrKey, decision: input.decision },
      async () => {
        const { record, outbox } = await engine.store.transaction(async tx => {
          const incident = await engine.writable(
            tx,
            'incidents',
            idOrKey,
            caller,
            itsmRecordUpdatePermission,
          );
          assertVersion(incident, input.version);
          if (!isOpenState('incidents', incident.state)) {
            throw new ConflictError(
              `${incident.key} is ${incident.state}; only an open incident is escalated`,
            );
          }
          await engine.assertActs(
            incident,
            ACTION_ROLES['incidents.escalationDecision'],
            caller,
            'decide on the escalation of',
          );
          if (due.length === 0) {
            throw new ConflictError(
              `${incident.key} has no SLA target in danger or breached; there is no escalation to decide`,
            );
          }
          await engine.deps.catalog.requireRefs(
            'user',
            { assignee: input.assignee },
            caller.credentials,
          );
          const decision = {
            decision: input.decision,
            reason: input.reason,
            targets: due.map(c => ({
              sla: c.sla.key,
              clock: c.kind,
              state: c.clock.state,
              elapsedPercent: Math.round(c.clock.elapsedPercent * 10) / 10,
            })),
            ...(input.assignee ? { assignee: input.assignee } : {}),
          };
          const after = await tx.updateRecord(incident.id, incident.version, {
            ...(input.assignee ? { assignee: input.assignee } : {}),
            // The last decision and the targets it covered, for the page.
            data: {
              ...incident.data,
              escalationDecision: {
                decision: input.decision,
                decidedBy: caller.userRef,
                decidedAt: now,
                targets: decision.targets.map(t => ({
                  sla: t.sla,
                  clock: t.clock,
                  state: t.state,
                })),
              },
            },
            updatedBy: caller.userRef,
            now,
          });
          await tx.appendHistory(incident.id, [
            {
              at: now,
              actor: caller.userRef,
              action: 'escalation-decision',
              field: 'escalation',
              from: null,
              to: decision,
            },
            ...(input.assignee && input.assignee !== incident.assignee
              ? [
                  {
                    at: now,
                    actor: caller.userRef,
                    action: 'updated',
                    field: 'assignee',
                    from: incident.assignee,
                    to: input.assignee,
                  },
                ]
              : []),
          ]);
          const to =
            input.assignee ??
            incident.assignee ??
            incident.assignedGroup ??
            incident.createdBy;
          // The message is decided with the decision, in its transaction.
          const queued = await tx.outbox.enqueue(
            [
              {
                recipients: [to],
                title:
                  input.decision === 'urge'
                    ? `${after.key}: the group coordinator urges you; its SLA target is in danger`
                    : `${after.key} is reassigned to you; its SLA target is in danger`,
                description: input.reason,
                link: `/itsm/incidents/${after.key}`,
              },
            ],
            now,
          );
          return { record: after, outbox: queued };
        });
        await engine.deliver(outbox);
        return engine.toApi(record);
      },
    );
  }

  /**
   * The service owner's (or on-duty manager's) acknowledgement of the
   * incident's escalation (see acknowledgeEscalation).
   */
  acknowledge(
    idOrKey: string,
    body: unknown,
    caller: Caller,
    options: { idempotency?: IdempotencyClaim } = {},
  ): Promise<ItsmRecord> {
    return acknowledgeEscalation(
      this.engine,
      idOrKey,
      body,
      caller,
      options.idempotency,
    );
  }
}
