import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { randomUUID as uuid } from 'node:crypto';
import { RECORD_FACTS } from '../recordFacts';
import {
  bulkAppendHistory,
  bulkInsertRecords,
  recordAfter,
} from '../store/bulkInsert';
import { CAB_AGENDA, CAB_MEETINGS } from '../store/cabMeetings';
import { RELEASE_CHANGES } from '../store/releasePlans';
import { NewHistoryEntry } from '../store/types';

/*
 * The data of the release KPI scale test (store/releaseKpiQueries.test.ts):
 * releases with business cases, ends of coordination and target dates (in
 * UTC or with an offset), RFCs fulfilled or returned unmet, with decoys for
 * each, release plans and CAB meetings with their agenda, written in bulk;
 * moments sometimes exactly on an edge of LAST90.
 */

export const DAY = 86_400_000;
export const NOW = Date.parse('2026-11-15T12:00:00.000Z');
export const LAST90 = { from: NOW - 90 * DAY, to: NOW };
export const iso = (ms: number) => new Date(ms).toISOString();

export const SERVICES = [0, 1, 2, 3, 4, 5].map(i => `system:default/s${i}`);
export const OWNER_OF = (ref: string) =>
  `group:default/team-${SERVICES.indexOf(ref) % 3}`;
export const USERS = [0, 1, 2, 3].map(i => `user:default/u${i}`);

/** A deterministic random source, so that a failure can be replayed. */
function random(start: number) {
  let a = start;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { int, pick, chance: (p: number) => next() < p };
}
export type Random = ReturnType<typeof random>;

/** A moment: mostly anywhere in 200 days, sometimes on an edge of LAST90. */
const moment = (rnd: Random) =>
  rnd.chance(0.08)
    ? rnd.pick([LAST90.from, LAST90.to, LAST90.from - 1, LAST90.to - 1])
    : NOW - rnd.int(200 * DAY) + rnd.int(10 * DAY);

/** `ms` as ISO 8601 with an offset of `minutes` (the same instant). */
function withOffset(ms: number, minutes: number) {
  const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${minutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

export interface Event {
  at: number;
  action: string;
  field: string;
  from: string | null;
  to: string | null;
}

/** A record as this test knows it. */
export interface Model {
  id: string;
  key: string;
  entityRefs: string[];
  ownerRefs: string[];
  createdBy: string;
  events: Event[];
  /** Releases: the target date as an instant, null when it has none. */
  target: number | null;
}

const state = (at: number, action: string, from: string, to: string) => ({
  at,
  action,
  field: 'state',
  from,
  to,
});

function model(rnd: Random): Model {
  const entityRefs = [
    ...new Set([
      rnd.pick(SERVICES),
      ...(rnd.chance(0.2) ? [rnd.pick(SERVICES)] : []),
    ]),
  ];
  return {
    id: uuid(),
    key: '',
    entityRefs,
    ownerRefs: [...new Set(entityRefs.map(OWNER_OF))],
    createdBy: rnd.pick(USERS),
    events: [],
    target: null,
  };
}

/** A release's history: business cases, the end of coordination or a cancel. */
function releaseLife(rnd: Random, m: Model): Record<string, unknown> {
  for (let i = rnd.int(3); i > 0; i--) {
    m.events.push(state(moment(rnd), 'send_back', 'justification', 'defined'));
  }
  if (rnd.chance(0.15)) {
    m.events.push(state(moment(rnd), 'reject', 'justification', 'cancelled'));
  } else if (rnd.chance(0.15)) {
    m.events.push(state(moment(rnd), 'cancel', 'coordinating', 'cancelled'));
  } else if (rnd.chance(0.75)) {
    const end = moment(rnd);
    m.events.push(state(end, 'complete', 'coordinating', 'reviewing'));
    // The target: on the end, a millisecond either side, or days away,
    // in UTC or with an offset.
    const target =
      end + rnd.pick([0, 0, -1, 1, -3 * DAY, 5 * DAY, -40 * DAY, 40 * DAY]);
    const kind = rnd.int(6);
    if (kind === 0) return {};
    if (kind === 1) return { targetDate: null };
    if (kind === 2) return { targetDate: 'soon' };
    m.target = target;
    return {
      targetDate:
        kind === 3 ? iso(target) : withOffset(target, rnd.pick([120, -330])),
    };
  }
  // Noise: transitions these figures do not count.
  m.events.push(
    state(moment(rnd), 'submit_business_case', 'defined', 'justification'),
  );
  return { targetDate: rnd.chance(0.5) ? iso(moment(rnd)) : null };
}

/** An RFC's history: fulfilled, returned unmet by releases, and decoys. */
function changeLife(rnd: Random, m: Model, releases: Model[]) {
  const ended = releases.filter(r => r.events.some(e => e.to === 'reviewing'));
  const endOf = (r: Model) => r.events.find(e => e.to === 'reviewing')!.at;
  const never = releases.filter(r => !r.events.some(e => e.to === 'reviewing'));
  const unlinked = (at: number, release: Model, field = 'releases') => ({
    at,
    action: 'unlinked',
    field,
    from: release.key,
    to: null,
  });
  if (rnd.chance(0.3))
    m.events.push(state(moment(rnd), 'fulfil', 'in_release', 'closed'));
  if (rnd.chance(0.1))
    m.events.push(state(moment(rnd), 'close', 'verifying', 'closed'));
  if (rnd.chance(0.1))
    m.events.push(state(moment(rnd), 'reject', 'in_release', 'rejected'));
  // Imported: closed from in_release, but not as fulfilled.
  if (rnd.chance(0.05))
    m.events.push(state(moment(rnd), 'import', 'in_release', 'closed'));
  for (let i = rnd.chance(0.3) ? 1 + rnd.int(2) : 0; i > 0; i--) {
    const release = rnd.pick(ended);
    m.events.push(unlinked(endOf(release), release));
  }
  // Decoys: an unlink a moment later (passed back), from a release that
  // never ended coordination, or in a note of another field.
  if (rnd.chance(0.1)) {
    const release = rnd.pick(ended);
    m.events.push(unlinked(endOf(release) + 1, release));
  }
  if (rnd.chance(0.1))
    m.events.push(unlinked(endOf(rnd.pick(ended)), rnd.pick(never)));
  if (rnd.chance(0.05)) {
    const release = rnd.pick(ended);
    m.events.push(unlinked(endOf(release), release, 'release'));
  }
}

export interface Plan {
  changeId: string;
  releaseId: string;
  purpose: string;
  createdAt: number;
}
export interface Meeting {
  id: string;
  seq: number;
  key: string;
  service: string;
  closedAt: number | null;
  agenda: Array<{ changeId: string; outcome: string | null }>;
}

/** Writes a data set of one seed and answers what it wrote. */
export async function seed(knex: Knex, start: number) {
  const rnd = random(start);
  const write = async (
    type: ItsmRecordType,
    models: Model[],
    data: (m: Model) => Record<string, unknown>,
  ) => {
    const inserted = await bulkInsertRecords(
      knex,
      RECORD_FACTS,
      models.map(m => ({
        record: recordAfter({
          id: m.id,
          type,
          title: 'Release KPI scale',
          description: '',
          state: 'closed',
          priority: null,
          assignedGroup: null,
          assignee: null,
          entityRefs: m.entityRefs,
          ownerRefs: m.ownerRefs,
          data: data(m),
          createdBy: m.createdBy,
          now: iso(NOW - 300 * DAY),
        }),
      })),
    );
    inserted.forEach((r, i) => (models[i].key = r.key));
  };
  const history = async (models: Model[]) => {
    const entries: Array<{ recordId: string; entry: NewHistoryEntry }> = [];
    for (const m of models) {
      for (const e of m.events) {
        entries.push({
          recordId: m.id,
          entry: { ...e, at: iso(e.at), actor: m.createdBy },
        });
      }
    }
    await bulkAppendHistory(knex, entries);
  };

  const releases = Array.from({ length: 800 }, () => model(rnd));
  const releaseData = new Map(releases.map(m => [m, releaseLife(rnd, m)]));
  await write('releases', releases, m => releaseData.get(m)!);
  const changes = Array.from({ length: 3000 }, () => model(rnd));
  await write('changes', changes, () => ({}));
  for (const m of changes) changeLife(rnd, m, releases);
  await history([...releases, ...changes]);

  // Release plans: the changes added to a release, by purpose.
  const plans: Plan[] = changes.slice(0, 1500).map(c => ({
    changeId: c.id,
    releaseId: rnd.pick(releases).id,
    purpose: rnd.pick(['deliver', 'finish', 'backout']),
    createdAt: moment(rnd),
  }));
  await knex.batchInsert(
    RELEASE_CHANGES,
    plans.map((p, i) => ({
      change_id: p.changeId,
      release_id: p.releaseId,
      coordinator: `user:default/coordinator-${i}`,
      purpose: p.purpose,
      duration_days: 1,
      depends_on: '[]',
      created_at: iso(p.createdAt),
      created_by: USERS[0],
    })),
    100,
  );

  // CAB meetings: closed ones (some at the same moment) and planned ones,
  // with RFCs on their agenda.
  const meetings: Meeting[] = [];
  for (let seq = 1; seq <= 400; seq++) {
    const closed = rnd.chance(0.85);
    const previous = meetings[meetings.length - 1];
    const closedAt = () => {
      if (!closed) return null;
      // Sometimes at the same moment as the previous one.
      if (previous?.closedAt && rnd.chance(0.1)) return previous.closedAt;
      return moment(rnd);
    };
    meetings.push({
      id: uuid(),
      seq,
      key: `CAB-${seq}`,
      service: rnd.pick(SERVICES),
      closedAt: closedAt(),
      agenda: [
        ...new Set(Array.from({ length: rnd.int(7) }, () => rnd.pick(changes))),
      ].map(c => ({
        changeId: c.id,
        outcome: closed
          ? rnd.pick(['included', 'rejected', 'backlog', 'backlog', null])
          : null,
      })),
    });
  }
  await knex.batchInsert(
    CAB_MEETINGS,
    meetings.map(m => ({
      id: m.id,
      seq: m.seq,
      key: m.key,
      service_ref: m.service,
      title: 'CAB',
      meeting_at: iso(NOW - 300 * DAY),
      submission_deadline: iso(NOW - 301 * DAY),
      state: m.closedAt === null ? 'planned' : 'closed',
      closed_at: m.closedAt === null ? null : iso(m.closedAt),
      closed_by: m.closedAt === null ? null : USERS[0],
      created_by: USERS[0],
      created_at: iso(NOW - 302 * DAY),
      version: 1,
    })),
    100,
  );
  await knex.batchInsert(
    CAB_AGENDA,
    meetings.flatMap(m =>
      m.agenda.map((a, position) => ({
        meeting_id: m.id,
        change_id: a.changeId,
        position,
        outcome: a.outcome,
      })),
    ),
    100,
  );
  return { releases, changes, plans, meetings };
}

export type Data = Awaited<ReturnType<typeof seed>>;
