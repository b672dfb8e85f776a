import { randomUUID } from 'node:crypto';
import {
  ACTIVE_SLA_STATES,
  isOpenState,
  lastCompleteSlaTerm,
  newProblemData,
  slaTermKind,
  toIso,
} from '@backstage-itsm/plugin-itsm-common';
import { Caller } from '../engine/types';
import { StoredRecord } from '../store/types';
import { nowOf, SlaDeps } from './context';
import { SlaReport, SlaReports } from './SlaReports';

/**
 * Availability tracking: at the end of each term, incidents of a violated
 * or endangered target are linked to a problem.
 */
export class TermTracking {
  constructor(
    private readonly deps: Pick<SlaDeps, 'store' | 'clock'>,
    private readonly reports: SlaReports,
  ) {}

  /**
   * Availability tracking at the end of each term: for every active SLA
   * whose availability or reliability target was violated or is in danger
   * (itsm.sla.dangerThreshold, default 75 %, of the downtime budget used)
   * in the term that just ended, the
   * causing incidents are linked to an open problem that already holds one
   * of them, or to a new problem. Each SLA term is tracked once.
   */
  async trackEndedTerms(caller: Caller): Promise<string[]> {
    const now = nowOf(this.deps);
    const problems: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.listRecords({
        type: 'slas',
        states: [...ACTIVE_SLA_STATES],
        limit: 200,
        cursor,
      });
      for (const sla of page.items) {
        const term = lastCompleteSlaTerm(slaTermKind(sla.data), now);
        if (((sla.data.trackedTerms as string[]) ?? []).includes(term.label))
          continue;
        if (Date.parse(sla.createdAt) >= term.to) continue;
        const { report, endangered } = await this.reports.evaluate(
          sla,
          term,
          caller,
        );
        const tooMany = report.violations.some(v => v.target === 'maxOutages');
        const incidents = [
          ...new Set([
            ...report.entities
              .filter(e => endangered.includes(e.entityRef))
              .flatMap(e => e.incidents),
            ...(tooMany
              ? report.violations.find(v => v.target === 'maxOutages')!
                  .incidents
              : []),
          ]),
        ].sort();
        const key = await this.recordTermTracking(
          sla.id,
          term.label,
          incidents,
          report,
          caller,
        );
        if (key) problems.push(key);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return problems;
  }

  private async recordTermTracking(
    slaId: string,
    term: string,
    incidents: string[],
    report: SlaReport,
    caller: Caller,
  ): Promise<string | undefined> {
    const at = toIso(nowOf(this.deps));
    return this.deps.store.transaction(async tx => {
      const sla = await tx.getRecordForUpdate('slas', slaId);
      const tracked = (sla?.data.trackedTerms as string[]) ?? [];
      if (!sla || tracked.includes(term)) return undefined;
      let problemKey: string | undefined;
      if (incidents.length) {
        // One connection per transaction: its queries run one after another.
        const incidentRecords: StoredRecord[] = [];
        const linkedIds: string[] = [];
        for (const key of incidents) {
          const record = await tx.getRecordForUpdate('incidents', key);
          if (!record) continue;
          incidentRecords.push(record);
          linkedIds.push(...(await tx.listLinks(record.id)).map(l => l.toId));
        }
        const linked = await tx.getRecordsByIds(linkedIds);
        let problem = linked.find(
          r => r.type === 'problems' && isOpenState('problems', r.state),
        );
        if (!problem) {
          problem = await tx.insertRecord({
            id: randomUUID(),
            type: 'problems',
            title: `Availability of ${sla.key} ${
              report.violations.length ? 'violated' : 'in danger'
            } in ${term}`,
            description: report.entities
              .map(
                e =>
                  `- ${e.entityRef}: ${e.availability} % (target ${e.target} %), ${e.outages} outage(s)`,
              )
              .join('\n'),
            state: 'new',
            priority: null,
            assignedGroup: String(sla.data.serviceOwnerGroup),
            assignee: null,
            entityRefs: sla.entityRefs,
            ownerRefs: sla.ownerRefs,
            data: {
              ...newProblemData({ category: 'availability' }),
              slaKey: sla.key,
              term,
            },
            createdBy: caller.userRef,
            now: at,
          });
          await tx.appendHistory(problem.id, [
            {
              at,
              actor: caller.userRef,
              action: 'created',
              field: null,
              from: null,
              to: {
                state: 'new',
                reason: `availability tracking of ${sla.key}`,
              },
            },
          ]);
        }
        for (const incident of incidentRecords) {
          await tx.addLink({
            fromId: incident.id,
            toId: problem.id,
            kind: 'incidents:problems',
            createdBy: caller.userRef,
            createdAt: at,
          });
        }
        problemKey = problem.key;
      }
      await tx.updateRecord(sla.id, sla.version, {
        data: { ...sla.data, trackedTerms: [...tracked, term] },
        updatedBy: caller.userRef,
        now: at,
      });
      await tx.appendHistory(sla.id, [
        {
          at,
          actor: caller.userRef,
          action: 'term-tracked',
          field: 'term',
          from: null,
          to: { term, problem: problemKey ?? null, incidents },
        },
      ]);
      return problemKey;
    });
  }
}
