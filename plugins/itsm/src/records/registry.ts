import type { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { changeDescriptor } from '../components/changes/descriptor';
import { incidentDescriptor } from '../components/incidents/descriptor';
import { problemDescriptor } from '../components/problems/descriptor';
import { releaseDescriptor } from '../components/releases/descriptor';
import { slaDescriptor } from '../components/slas/descriptor';
import type { RecordTypeDescriptor } from './types';

/**
 * What the pages show of each record type: the fields and cards of the
 * record page, the columns and filters of the list, the labels. Each
 * process describes itself in `components/<process>/descriptor.tsx`; a new
 * type is one entry here.
 */
export const RECORD_TYPES: {
  [T in ItsmRecordType]: RecordTypeDescriptor<T>;
} = {
  incidents: incidentDescriptor,
  problems: problemDescriptor,
  changes: changeDescriptor,
  releases: releaseDescriptor,
  slas: slaDescriptor,
};

/** The descriptor of a record type. */
export function recordTypeDescriptor(
  type: ItsmRecordType,
): RecordTypeDescriptor {
  return RECORD_TYPES[type] as RecordTypeDescriptor;
}
