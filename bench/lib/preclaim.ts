import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  INCIDENT_OPEN_STATES,
  Outage,
  toIso,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { parse as parseYaml } from 'yaml';
import { readItsmConfig } from '../../plugins/itsm-backend/src/config';
import { SYSTEM_ACTOR } from '../../plugins/itsm-backend/src/engine/types';
import { RECORD_FACTS } from '../../plugins/itsm-backend/src/recordFacts';
import { CalendarRegistry } from '../../plugins/itsm-backend/src/slas/CalendarRegistry';
import {
  IncidentClock,
  SlaClocks,
} from '../../plugins/itsm-backend/src/slas/SlaClocks';
import {
  escalationDue,
  SlaSweep,
} from '../../plugins/itsm-backend/src/slas/SlaSweep';
import { KnexItsmStore } from '../../plugins/itsm-backend/src/store';
import { bulkAppendHistory } from '../../plugins/itsm-backend/src/store/bulkInsert';
import { markEscalationDelivered } from '../../plugins/itsm-backend/src/store/slaWarnings';
import { KnexItsmStoreTransaction } from '../../plugins/itsm-backend/src/store/transaction';
import type {
  NewHistoryEntry,
  OutageEscalation,
  SlaWarning,
  StoredRecord,
} from '../../plugins/itsm-backend/src/store/types';
import { ROOT } from './options';

/*
 * What a running portal would already have recorded about the open
 * incidents' SLA clocks: its sweep runs every minute, so every threshold
 * crossed before `now` was warned about (a claim in itsm_sla_notifications
 * and an `sla-warning` / `sla-breached` history entry) and every outage
 * beyond a resolution target was escalated (a claim in itsm_sla_escalations,
 * delivered, the incident marked `escalated`, an `escalated` history entry),
 * each at the first sweep after it happened. Recording them here lets the
 * bench's first sweep measure the steady state instead of a two-year
 * backlog. What is due comes from the plugin's own clocks (SlaClocks, with
 * the bench portal's calendars and thresholds); what is written mirrors
 * SlaSweep's `warn` and `escalateOutage`. Then the plugin's SlaSweep runs at
 * the cutoff as a check: it should find nothing left to claim (whatever it
 * finds, it claims, so the database is right either way).
 */

const MINUTE = 60_000;
const PAGE = 500;

/** The bench portal's config (app-config.yaml, then app-config.bench.yaml). */
function benchPortalConfig(): ConfigReader {
  return ConfigReader.fromConfigs(
    ['app-config.yaml', 'app-config.bench.yaml'].map(file => ({
      context: file,
      data: parseYaml(fs.readFileSync(path.join(ROOT, file), 'utf8')) ?? {},
    })),
  );
}

export interface PreclaimResult {
  /** Claims are recorded for what happened up to this instant. */
  cutoff: string;
  openIncidents: number;
  warnings: number;
  escalations: number;
  seconds: number;
  /** What the plugin's own sweep at the cutoff found left to do afterwards (should be nothing). */
  check: { warnings: number; escalations: number; seconds: number };
}

const quietLogger = {
  debug() {},
  info() {},
  warn: (m: string) => console.warn(`  sweep: ${m}`),
  error: (m: string) => console.error(`  sweep: ${m}`),
  child() {
    return quietLogger;
  },
};

/** The escalation the sweep would make of an incident's outage (see SlaSweep.escalateOutage). */
function dueEscalation(incident: StoredRecord, clocks: IncidentClock[]) {
  const outage = incident.data.outage as Outage | null | undefined;
  if (!outage) return undefined;
  const first = escalationDue(outage, clocks);
  return first
    ? { outage, sla: first.sla, at: first.clock.breachAt! }
    : undefined;
}

export async function preclaimSlaClaims(
  knex: Knex,
  store: KnexItsmStore,
  options: { now: string; marginMinutes?: number },
): Promise<PreclaimResult> {
  const started = Date.now();
  const cutoff =
    Date.parse(options.now) - (options.marginMinutes ?? 2) * MINUTE;
  const config = benchPortalConfig();
  const { slaThresholds } = readItsmConfig(config);
  const calendars = CalendarRegistry.fromConfig(config);
  const deps = {
    store,
    calendars,
    thresholds: slaThresholds,
    clock: () => new Date(cutoff),
    // Not asked by the clocks and sweep used here.
    authorizer: undefined as never,
  };
  const clocks = new SlaClocks(deps);
  // The first sweep after an instant (every minute), not after the cutoff.
  const sweptAfter = (t: number) =>
    Math.min(cutoff, Math.floor(t / MINUTE) * MINUTE + MINUTE);

  const result: PreclaimResult = {
    cutoff: toIso(cutoff),
    openIncidents: 0,
    warnings: 0,
    escalations: 0,
    seconds: 0,
    check: { warnings: 0, escalations: 0, seconds: 0 },
  };
  let beforeSeq: number | undefined;
  do {
    const page = await store.sweepReads.pageInStates({
      type: 'incidents',
      states: INCIDENT_OPEN_STATES,
      limit: PAGE,
      beforeSeq,
    });
    beforeSeq = page.nextBeforeSeq;
    result.openIncidents += page.items.length;
    const inputs = await clocks.inputsOf(page.items);
    if (inputs.slas.length === 0) continue;
    // Per incident, in the order the sweeps would have written them.
    const due: Array<{
      incident: StoredRecord;
      entry: NewHistoryEntry;
      warning?: SlaWarning;
      escalation?: OutageEscalation;
    }> = [];
    for (const incident of page.items) {
      const mine: typeof due = [];
      const incidentClocks = clocks.clocksWith(incident, inputs, cutoff);
      for (const { sla, kind, clock } of incidentClocks) {
        for (const t of clock.thresholds) {
          if (!t.crossed || t.at === null) continue;
          const at = toIso(sweptAfter(t.at));
          mine.push({
            incident,
            warning: {
              incidentId: incident.id,
              slaId: sla.id,
              clock: kind,
              threshold: t.threshold,
              sentAt: at,
            },
            entry: {
              at,
              actor: SYSTEM_ACTOR,
              action: t.threshold >= 1 ? 'sla-breached' : 'sla-warning',
              field: `${sla.key}.${kind}`,
              from: null,
              to: t.threshold,
            },
          });
        }
      }
      const escalation = dueEscalation(incident, incidentClocks);
      if (escalation) {
        const { outage, sla } = escalation;
        const at = toIso(sweptAfter(escalation.at));
        const owner = String(sla.data.serviceOwnerGroup);
        const outageStart = toIso(Date.parse(outage.start));
        const because = `${outage.kind} outage since ${outageStart} beyond the resolution target of ${sla.key}`;
        mine.push({
          incident,
          escalation: {
            incidentId: incident.id,
            outageStart,
            slaId: sla.id,
            serviceOwner: owner,
            escalatedAt: at,
            notification: {
              recipients: [owner],
              title: `${incident.key}: escalated to the service owner`,
              description: `${incident.title}: ${because}`,
              link: `/itsm/incidents/${incident.key}`,
            },
          },
          entry: {
            at,
            actor: SYSTEM_ACTOR,
            action: 'escalated',
            field: 'escalated',
            from: incident.data.escalated === true,
            to: {
              serviceOwner: owner,
              because,
              outage: { kind: outage.kind, start: outageStart },
            },
          },
        });
      }
      due.push(
        ...mine.sort((a, b) => Date.parse(a.entry.at) - Date.parse(b.entry.at)),
      );
    }
    await knex.transaction(async trx => {
      const tx = new KnexItsmStoreTransaction(trx, RECORD_FACTS);
      const claimed = new Set<unknown>(
        await tx.claimSlaWarnings(due.flatMap(d => d.warning ?? [])),
      );
      for (const { incident, escalation: claim } of due) {
        if (!claim || !(await tx.claimOutageEscalation(claim))) continue;
        claimed.add(claim);
        // The escalation's write, or a later transition, is the last update.
        const later =
          Date.parse(claim.escalatedAt) > Date.parse(incident.updatedAt);
        await tx.updateRecord(incident.id, incident.version, {
          data: {
            ...incident.data,
            escalated: true,
            escalatedTo: claim.serviceOwner,
          },
          updatedBy: later ? SYSTEM_ACTOR : incident.updatedBy,
          now: later ? claim.escalatedAt : incident.updatedAt,
        });
        await markEscalationDelivered(
          trx,
          claim.incidentId,
          claim.outageStart,
          claim.escalatedAt,
        );
      }
      const written = due.filter(d => claimed.has(d.warning ?? d.escalation));
      result.warnings += written.filter(d => d.warning).length;
      result.escalations += written.filter(d => d.escalation).length;
      await bulkAppendHistory(
        trx,
        written.map(d => ({ recordId: d.incident.id, entry: d.entry })),
      );
    });
  } while (beforeSeq !== undefined);
  result.seconds = (Date.now() - started) / 1000;

  // The check: the plugin's sweep at the cutoff, notifications counted, not sent.
  const checkStarted = Date.now();
  const sweep = new SlaSweep(
    { ...deps, notifier: { notify: async () => {} }, logger: quietLogger },
    clocks,
  );
  const found = await sweep.sweep();
  result.check = {
    warnings: found.warnings,
    escalations: found.escalations,
    seconds: (Date.now() - checkStarted) / 1000,
  };
  return result;
}
