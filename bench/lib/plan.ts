import {
  BenchItem,
  generateOrganisation,
  Organisation,
} from '../../packages/backend/src/bench/organisation';
import {
  Random,
  WeightedPicker,
} from '../../packages/backend/src/bench/random';
import { BenchCounts } from './options';

/*
 * The skeleton of every record the seed writes: when, on which catalog
 * entity, open or not, which change caused which incident. Kept in typed
 * arrays (a million incidents fit in a few MB); the records themselves are
 * built one batch at a time (records.ts), each from its own random stream,
 * so the data depends only on the scale, the seed and `now`.
 */

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
/** Incidents and changes span the two years before `now`; changes go on 90 days after. */
export const HISTORY_DAYS = 730;
export const FUTURE_DAYS = 90;
/** Changes that ended this long before an incident on the same entity may have caused it. */
const CAUSE_WINDOW = 14 * DAY;

export type RecordKind = 'incidents' | 'changes' | 'problems' | 'slas';
const KIND_CODE: Record<RecordKind, number> = {
  incidents: 1,
  changes: 2,
  problems: 3,
  slas: 4,
};

/** The random stream of one record: the same record gets the same numbers, whatever the batch. */
export function recordRandom(
  seed: number,
  kind: RecordKind,
  index: number,
): Random {
  let h =
    (seed * 0x9e3779b1) ^
    (KIND_CODE[kind] * 0x85ebca77) ^
    ((index + 1) * 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 13), 0x45d9f3b);
  return new Random((h ^ (h >>> 16)) >>> 0);
}

/**
 * The uuid of a record, so links need no lookup: its stream's first numbers,
 * with the record's kind and index in the last 12 digits. A stream has 2^32
 * states, so the random part alone repeats among a million records; the kind
 * and index make every record's uuid its own.
 */
export function recordUuid(r: Random, kind: RecordKind, index: number): string {
  const random = r.uuid();
  return `${random.slice(0, 24)}${KIND_CODE[kind].toString(16)}${index
    .toString(16)
    .padStart(11, '0')}`;
}

export function recordId(
  seed: number,
  kind: RecordKind,
  index: number,
): string {
  return recordUuid(recordRandom(seed, kind, index), kind, index);
}

export interface SlaPlan {
  entityRefs: string[];
  customerGroup: string;
  serviceOwnerGroup: string;
  calendar: string;
  term: 'monthly' | 'quarterly';
}

export interface Plan {
  org: Organisation;
  counts: BenchCounts;
  seed: number;
  now: number;
  start: number;
  slas: SlaPlan[];
  incidents: {
    at: Float64Array;
    item: Int32Array;
    /** A second entity, or -1. */
    item2: Int32Array;
    open: Uint8Array;
    /** Index of the change that caused it, or -1. */
    causedBy: Int32Array;
  };
  changes: {
    start: Float64Array;
    item: Int32Array;
    /** 0 standard, 1 normal, 2 emergency. */
    type: Uint8Array;
    /** The incident an emergency change fixes, or -1. */
    incident: Int32Array;
  };
  problems: { at: Float64Array; item: Int32Array; incidents: number[][] };
  /** SLA clocks of the open incidents (response and resolution per covering SLA). */
  openClocks: number;
  openIncidents: number;
}

/** Evenly spread, increasing instants (keys follow time, as in a real portal). */
function spread(
  random: Random,
  count: number,
  from: number,
  to: number,
): Float64Array {
  const at = new Float64Array(count);
  const step = (to - from) / Math.max(1, count);
  for (let i = 0; i < count; i++)
    at[i] = Math.floor(from + (i + random.next()) * step);
  return at;
}

function itemWeight(org: Organisation, item: BenchItem): number {
  if (org.hubs.some(h => h.ref === item.ref)) return 40;
  if (item.systemRef === org.bigSystem.ref && item.kind === 'component')
    return 3;
  if (item.kind === 'system') return 0.3;
  return 1;
}

/** Indices of `sorted` items of one entity, for "the latest before t" lookups. */
function byItem(items: Int32Array, count: number): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const list = map.get(items[i]);
    if (list) list.push(i);
    else map.set(items[i], [i]);
  }
  return map;
}

/** The last index in `list` whose time is before `t`, or -1. */
function latestBefore(
  list: number[] | undefined,
  times: Float64Array,
  t: number,
): number {
  if (!list) return -1;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[list[mid]] < t) {
      found = list[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The change window's length: 1 to 6 hours, from the change's own stream. */
export function changeDuration(seed: number, index: number): number {
  const r = recordRandom(seed, 'changes', index);
  r.uuid();
  return r.int(1, 6) * HOUR;
}

export function makePlan(options: {
  counts: BenchCounts;
  seed: number;
  now: string;
}): Plan {
  const { counts, seed } = options;
  const now = Date.parse(options.now);
  const start = now - HISTORY_DAYS * DAY;
  const org = generateOrganisation({ entities: counts.entities, seed });
  const random = new Random(seed * 7919 + 17);
  const items = org.items;
  const picker = new WeightedPicker(
    items.map((_, i) => i),
    i => itemWeight(org, items[i]),
  );
  const systemAnnotations = new Map(
    org.entities
      .filter(e => e.kind === 'System')
      .map(e => [
        `system:default/${e.metadata.name}`,
        e.metadata.annotations ?? {},
      ]),
  );

  // SLAs: one per system first (an SLA on a System covers its parts), then
  // SLAs on a few parts of a system.
  const slas: SlaPlan[] = [];
  const partsOnly = (refs: string[]) =>
    refs.filter(r => !r.startsWith('system:'));
  for (let j = 0; j < counts.slas; j++) {
    const system = org.systems[j % org.systems.length];
    const entityRefs =
      j < org.systems.length
        ? [system.ref]
        : random.sample(partsOnly(system.parts), random.int(1, 3));
    let customer = random.pick(org.teams);
    if (customer === system.ownerRef)
      customer =
        org.teams[(org.teams.indexOf(customer) + 1) % org.teams.length];
    const hours = systemAnnotations.get(system.ref)?.[
      'itsm.backstage.io/service-hours'
    ];
    slas.push({
      entityRefs,
      customerGroup: customer,
      serviceOwnerGroup: system.ownerRef,
      calendar: hours ?? '24x7',
      term: j === 0 || random.chance(0.3) ? 'quarterly' : 'monthly',
    });
  }
  const slasOn = new Map<string, number[]>();
  slas.forEach((s, j) =>
    s.entityRefs.forEach(r => slasOn.set(r, [...(slasOn.get(r) ?? []), j])),
  );

  // Changes over two years and the next 90 days.
  const changeStart = spread(
    random,
    counts.changes,
    start,
    now + FUTURE_DAYS * DAY,
  );
  const changeItem = new Int32Array(counts.changes);
  const changeType = new Uint8Array(counts.changes);
  for (let i = 0; i < counts.changes; i++) {
    changeItem[i] = picker.pick(random);
    const x = random.next();
    changeType[i] = x < 0.4 ? 0 : x < 0.95 ? 1 : 2;
  }
  const changeEnd = new Float64Array(counts.changes);
  for (let i = 0; i < counts.changes; i++)
    changeEnd[i] = changeStart[i] + changeDuration(seed, i);

  // Incidents over two years; the newest open until the clock target is met.
  const incAt = spread(random, counts.incidents, start, now - 10 * MINUTE);
  const incItem = new Int32Array(counts.incidents);
  const incItem2 = new Int32Array(counts.incidents).fill(-1);
  for (let i = 0; i < counts.incidents; i++) {
    incItem[i] = picker.pick(random);
    if (random.chance(0.15)) {
      const second = picker.pick(random);
      if (second !== incItem[i]) incItem2[i] = second;
    }
  }
  const clocksOf = (i: number) => {
    const refs = new Set<string>();
    for (const k of [incItem[i], incItem2[i]]) {
      if (k < 0) continue;
      refs.add(items[k].ref);
      if (items[k].systemRef) refs.add(items[k].systemRef!);
    }
    const covering = new Set<number>();
    refs.forEach(r => (slasOn.get(r) ?? []).forEach(j => covering.add(j)));
    return 2 * covering.size;
  };
  const open = new Uint8Array(counts.incidents);
  let openClocks = 0;
  let openIncidents = 0;
  for (
    let i = counts.incidents - 1;
    i >= 0 && openClocks < counts.clocks;
    i--
  ) {
    if (random.chance(0.85)) {
      open[i] = 1;
      openIncidents += 1;
      openClocks += clocksOf(i);
    }
  }

  // Causes: an incident soon after a change to the same entity, sometimes caused by it.
  const changesOf = byItem(changeItem, counts.changes);
  const causedBy = new Int32Array(counts.incidents).fill(-1);
  for (let i = 0; i < counts.incidents; i++) {
    const c = latestBefore(changesOf.get(incItem[i]), changeEnd, incAt[i]);
    if (
      c >= 0 &&
      changeEnd[c] < incAt[i] &&
      incAt[i] - changeEnd[c] < CAUSE_WINDOW &&
      random.chance(0.3)
    ) {
      causedBy[i] = c;
    }
  }

  // Emergency changes fix the latest incident on their entity (else they are normal).
  const incidentsOf = byItem(incItem, counts.incidents);
  const changeIncident = new Int32Array(counts.changes).fill(-1);
  for (let i = 0; i < counts.changes; i++) {
    if (changeType[i] !== 2) continue;
    const inc = latestBefore(
      incidentsOf.get(changeItem[i]),
      incAt,
      changeStart[i] - HOUR,
    );
    if (inc >= 0 && changeStart[i] - incAt[inc] < 3 * DAY)
      changeIncident[i] = inc;
    else changeType[i] = 1;
  }

  // Problems: each on an entity, linked to its latest incidents.
  const probAt = spread(random, counts.problems, start + 7 * DAY, now - HOUR);
  const probItem = new Int32Array(counts.problems);
  const probIncidents: number[][] = [];
  const candidates = [...incidentsOf.keys()];
  for (let i = 0; i < counts.problems; i++) {
    let item = picker.pick(random);
    if (!incidentsOf.has(item) && candidates.length)
      item = random.pick(candidates);
    probItem[i] = item;
    const linked: number[] = [];
    let cursor = latestBefore(incidentsOf.get(item), incAt, probAt[i]);
    const list = incidentsOf.get(item) ?? [];
    let pos = list.indexOf(cursor);
    const wanted = random.int(1, 5);
    while (pos >= 0 && linked.length < wanted) {
      cursor = list[pos--];
      if (probAt[i] - incAt[cursor] > 60 * DAY) break;
      linked.push(cursor);
    }
    probIncidents.push(linked);
  }

  return {
    org,
    counts,
    seed,
    now,
    start,
    slas,
    incidents: { at: incAt, item: incItem, item2: incItem2, open, causedBy },
    changes: {
      start: changeStart,
      item: changeItem,
      type: changeType,
      incident: changeIncident,
    },
    problems: { at: probAt, item: probItem, incidents: probIncidents },
    openClocks,
    openIncidents,
  };
}
