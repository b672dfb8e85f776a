/**
 * The five kinds of ITSM record, in the order the product presents them.
 *
 * @public
 */
export const ITSM_RECORD_TYPES = [
  'incidents',
  'problems',
  'changes',
  'releases',
  'slas',
] as const;

/** @public */
export type ItsmRecordType = (typeof ITSM_RECORD_TYPES)[number];

/** @public */
export interface ItsmRecordTypeInfo {
  /** Path segment used by the REST API and the frontend routes. */
  type: ItsmRecordType;
  /** Prefix of the human-readable key, e.g. INC in INC-1042. */
  keyPrefix: string;
  /** Singular and plural labels shown to people. */
  singular: string;
  plural: string;
  /** What the process is for, in one line. */
  purpose: string;
}

/** @public */
export const ITSM_RECORD_TYPE_INFO: Record<ItsmRecordType, ItsmRecordTypeInfo> =
  {
    incidents: {
      type: 'incidents',
      keyPrefix: 'INC',
      singular: 'Incident',
      plural: 'Incidents',
      purpose: 'Restore service fast when something breaks.',
    },
    problems: {
      type: 'problems',
      keyPrefix: 'PRB',
      singular: 'Problem',
      plural: 'Problems',
      purpose: 'Find and remove the root cause of recurring incidents.',
    },
    changes: {
      type: 'changes',
      keyPrefix: 'CHG',
      singular: 'Change',
      plural: 'Changes',
      purpose: 'Request, assess, approve and implement changes to services.',
    },
    releases: {
      type: 'releases',
      keyPrefix: 'REL',
      singular: 'Release',
      plural: 'Releases',
      purpose: 'Bundle requests for change into coordinated deliveries.',
    },
    slas: {
      type: 'slas',
      keyPrefix: 'SLA',
      singular: 'SLA',
      plural: 'SLAs',
      purpose: 'Agree service levels with customers and track them.',
    },
  };

/**
 * Tells whether a string names one of the record types.
 *
 * @public
 */
export function isItsmRecordType(value: unknown): value is ItsmRecordType {
  return (
    typeof value === 'string' &&
    (ITSM_RECORD_TYPES as readonly string[]).includes(value)
  );
}

/**
 * The record type a human key belongs to (`CHG-12` is a change), or
 * undefined for anything that is not a key of ours. Case-insensitive.
 *
 * @public
 */
export function recordTypeOfKey(key: string): ItsmRecordType | undefined {
  const prefix = key.split('-')[0]?.toLocaleUpperCase('en-US');
  return ITSM_RECORD_TYPES.find(
    t => ITSM_RECORD_TYPE_INFO[t].keyPrefix === prefix,
  );
}
