import { DEFAULT_CALENDAR_NAME } from './calendarConfig';
import type { SlaTermKind } from './terms';

/**
 * The fields of an SLA that its parties agree to (and sign): its parties,
 * targets, service hours, evaluation term, whether degraded outages escalate,
 * and (besides these data fields) the entities it covers. Changing any of
 * them on an active SLA makes a new version.
 *
 * @public
 */
export const SLA_VERSIONED_FIELDS = [
  'customerGroup',
  'serviceOwnerGroup',
  'targets',
  'calendar',
  'term',
  'escalateDegraded',
] as const;

/**
 * One version of an SLA: the terms in force from `validFrom` (null: since
 * the SLA was agreed) until `validTo` (null: still in force).
 *
 * @public
 */
export interface SlaVersion<TTargets = unknown> {
  /** 1 for the terms the SLA was signed with, then one more per change. */
  version: number;
  validFrom: string | null;
  validTo: string | null;
  customerGroup: string;
  serviceOwnerGroup: string;
  targets: TTargets;
  calendar: string;
  term: SlaTermKind;
  escalateDegraded: boolean;
  entityRefs: string[];
}

/** What {@link slaVersions} reads: an SLA record's data and entities. @public */
export interface VersionedSla {
  entityRefs: string[];
  data: Record<string, unknown>;
}

type LegacyTargets = { targets: unknown; validFrom: string; validTo: string };

function termsOf(
  data: Record<string, unknown>,
  entityRefs: string[],
): Omit<SlaVersion, 'version' | 'validFrom' | 'validTo'> {
  return {
    customerGroup: String(data.customerGroup),
    serviceOwnerGroup: String(data.serviceOwnerGroup),
    targets: data.targets,
    calendar: data.calendar ? String(data.calendar) : DEFAULT_CALENDAR_NAME,
    term: data.term === 'quarterly' ? 'quarterly' : 'monthly',
    escalateDegraded: data.escalateDegraded === true,
    entityRefs: [...entityRefs],
  };
}

/**
 * Every version of an SLA, oldest first; the last is the one in force now
 * (its terms are the record's own). SLAs whose targets were versioned before
 * every term was (`targetHistory`) read as versions that differ in targets.
 *
 * @public
 */
export function slaVersions<TTargets = unknown>(
  sla: VersionedSla,
): SlaVersion<TTargets>[] {
  const { data } = sla;
  const current = termsOf(data, sla.entityRefs);
  const stored = (data.versions as SlaVersion[] | undefined) ?? [];
  let earlier: SlaVersion[] = stored;
  if (stored.length === 0) {
    const legacy = (data.targetHistory as LegacyTargets[] | undefined) ?? [];
    earlier = legacy.map((h, i) => ({
      ...current,
      targets: h.targets,
      version: i + 1,
      validFrom: i === 0 ? null : h.validFrom,
      validTo: h.validTo,
    }));
  }
  const last = earlier[earlier.length - 1];
  const validFrom =
    (data.versionValidFrom as string | undefined) ??
    (stored.length === 0
      ? (data.targetsValidFrom as string | undefined)
      : undefined) ??
    last?.validTo ??
    null;
  return [
    ...earlier,
    {
      ...current,
      version: earlier.length + 1,
      validFrom: earlier.length === 0 ? null : validFrom,
      validTo: null,
    },
  ] as SlaVersion<TTargets>[];
}

/**
 * The version in force at an instant (epoch ms): the first version for any
 * instant before it (an SLA applies its agreed terms from the start).
 *
 * @public
 */
export function slaVersionAt<TTargets>(
  versions: readonly SlaVersion<TTargets>[],
  instant: number,
): SlaVersion<TTargets> {
  for (const v of versions) {
    if (v.validTo === null || instant < Date.parse(v.validTo)) return v;
  }
  return versions[versions.length - 1];
}

/**
 * The data an edit of an active SLA writes to record a new version: the
 * version in force until `now` joins `versions`, the new one is in force from
 * `now`.
 *
 * @public
 */
export function nextSlaVersionData(
  before: VersionedSla,
  now: string,
): { versions: SlaVersion[]; slaVersion: number; versionValidFrom: string } {
  const all = slaVersions(before);
  const ending = { ...all[all.length - 1], validTo: now };
  return {
    versions: [...all.slice(0, -1), ending],
    slaVersion: ending.version + 1,
    versionValidFrom: now,
  };
}
