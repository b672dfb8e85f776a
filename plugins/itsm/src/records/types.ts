import type { ReactElement, ReactNode } from 'react';
import type {
  ActorRole,
  ITSM_RECORD_TYPE_INFO,
  ItsmRecord,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import type { RecordDetail, RecordOf } from '../api';

/** One label/value pair of the fields of a record. */
export interface FieldRow {
  label: string;
  value: ReactNode;
}

/** A row of a record list (incidents add their priority). */
export type ListRow = ItsmRecord & { priority?: string };

/** A column of a record list; the list makes its title sortable. */
export interface ListColumn {
  label: string;
  /** The row field the column sorts by. */
  field: string;
  render(row: ListRow): ReactNode;
}

/**
 * What the pages show of one record type, so that no page asks which type
 * a record is. Methods (not function properties) keep the descriptors of the
 * five types assignable to `RecordTypeDescriptor` of any type.
 */
export interface RecordTypeDescriptor<
  T extends ItsmRecordType = ItsmRecordType,
> {
  type: T;
  /** Labels: singular, plural, what the process is for, key prefix. */
  info: (typeof ITSM_RECORD_TYPE_INFO)[T];
  /** The fields of the type on the record page, after the common ones. */
  fields(record: RecordOf<T>): FieldRow[];
  /** Longer texts of the type (markdown, tasks, targets) below the fields. */
  texts?(record: RecordOf<T>): ReactNode;
  /** What the page header shows beside the state chip. */
  headerChips?(record: RecordOf<T>): ReactNode;
  /**
   * Banners of the type at the top of the record page, above the actions
   * (an escalation, a breached target); they never hold up the page.
   */
  banners?(record: RecordDetail<T>): ReactNode;
  /** Cards of the type in the main column, after "Details" (keyed). */
  mainCards?(record: RecordDetail<T>): ReactElement[];
  /** Cards of the type in the side column, before the links (keyed). */
  sideCards?(record: RecordDetail<T>): ReactElement[];
  /** Columns of the type in its list, after the state. */
  listColumns?: ListColumn[];
  /** Whether its list filters by priority. */
  priorityFilter?: boolean;
  /** Whether the process has the change calendar (linked from home and list). */
  calendar?: boolean;
  /** Whether the process has the release management pages (linked from its list). */
  releaseManagement?: boolean;
  /**
   * The roles that edit a record of the type (any one suffices): Edit is
   * offered only to a caller acting in one of them on the record. Unset,
   * Edit is offered to everyone and the permission policy decides.
   */
  editRoles?: readonly ActorRole[];
}
