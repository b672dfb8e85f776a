import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  HistoryEntry,
  StoredApproval,
  StoredComment,
  StoredLink,
} from './types';

/*
 * Tables, row shapes and the conversions between rows and the store's types
 * (see the storage conventions in KnexItsmStore.ts).
 */

export const RECORDS = 'itsm_records';
export const ENTITIES = 'itsm_record_entities';
export const OWNERS = 'itsm_record_owners';
export const SEQUENCES = 'itsm_key_sequences';
export const HISTORY = 'itsm_history';
export const COMMENTS = 'itsm_comments';
export const LINKS = 'itsm_links';
export const APPROVALS = 'itsm_approvals';
export const FACTS = 'itsm_record_facts';
export const DOCUMENTS = 'itsm_record_documents';

/** Largest page the store serves. */
export const MAX_LIMIT = 500;
/** Chunk size for IN (...) lists, well below every driver's bind limit. */
export const IN_CHUNK = 500;

export const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Db = Knex | Knex.Transaction;

export interface RecordRow {
  id: string;
  type: string;
  key: string;
  seq: number | string;
  title: string;
  description: string;
  state: string;
  priority: string | null;
  assigned_group: string | null;
  assignee: string | null;
  data: string;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
  state_changed_at: string;
  version: number | string;
}

export interface RefRow {
  record_id: string;
  position: number | string;
  ref: string;
}

export interface HistoryRow {
  id: number | string;
  record_id: string;
  at: string;
  actor: string;
  action: string;
  field: string | null;
  from_value: string | null;
  to_value: string | null;
}

export interface CommentRow {
  id: number | string;
  record_id: string;
  author: string;
  body: string;
  created_at: string;
  visibility: string;
}

export interface LinkRow {
  from_id: string;
  to_id: string;
  kind: string;
  created_by: string;
  created_at: string;
}

export interface ApprovalRow {
  id: number | string;
  record_id: string;
  approver_ref: string;
  decision: string;
  reason: string | null;
  decided_by: string;
  decided_at: string;
  superseded: boolean | number | string;
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** Normalises an ISO 8601 timestamp to the form of Date#toISOString. */
export function toIso(value: string, what = 'timestamp'): string {
  const date = new Date(value);
  if (typeof value !== 'string' || Number.isNaN(date.getTime())) {
    throw new InputError(`Invalid ${what} '${String(value)}'`);
  }
  return date.toISOString();
}

export function toJsonText(value: unknown): string | null {
  if (value === undefined) {
    return null;
  }
  return JSON.stringify(value);
}

export function fromJsonText(text: string | null): unknown {
  if (text === null || text === undefined) {
    return null;
  }
  return JSON.parse(text);
}

export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InputError(
      `Invalid limit ${String(
        limit,
      )}, must be an integer from 1 to ${MAX_LIMIT}`,
    );
  }
  return limit;
}

export function chunks<T>(items: T[], size = IN_CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

export function encodeCursor(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * Decodes an opaque cursor. Anything that is not exactly a cursor this store
 * produced (bad base64url, bad JSON, wrong kind, wrong shape) is rejected.
 */
export function decodeCursor(
  cursor: string,
  maxLength = 1000,
): Record<string, unknown> {
  const invalid = () => new InputError('Invalid cursor');
  if (
    typeof cursor !== 'string' ||
    cursor.length === 0 ||
    cursor.length > maxLength ||
    !/^[A-Za-z0-9_-]+$/.test(cursor)
  ) {
    throw invalid();
  }
  const buffer = Buffer.from(cursor, 'base64url');
  // Reject non-canonical encodings (e.g. trailing garbage bits).
  if (buffer.toString('base64url') !== cursor) {
    throw invalid();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(buffer.toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid();
  }
  return parsed as Record<string, unknown>;
}

export function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

export function decodeCommentsCursor(cursor: string, recordId: string): number {
  const parsed = decodeCursor(cursor);
  if (
    Object.keys(parsed).length !== 3 ||
    parsed.k !== 'comments' ||
    parsed.r !== recordId ||
    !isPositiveInt(parsed.i)
  ) {
    throw new InputError('Invalid cursor');
  }
  return parsed.i;
}

export function toHistoryEntry(row: HistoryRow): HistoryEntry {
  return {
    id: Number(row.id),
    recordId: row.record_id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    field: row.field,
    from: fromJsonText(row.from_value),
    to: fromJsonText(row.to_value),
  };
}

export function toComment(row: CommentRow): StoredComment {
  return {
    id: Number(row.id),
    recordId: row.record_id,
    author: row.author,
    body: row.body,
    createdAt: row.created_at,
    visibility: row.visibility === 'internal' ? 'internal' : 'public',
  };
}

export function toLink(row: LinkRow): StoredLink {
  return {
    fromId: row.from_id,
    toId: row.to_id,
    kind: row.kind,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export function toApproval(row: ApprovalRow): StoredApproval {
  return {
    id: Number(row.id),
    recordId: row.record_id,
    approverRef: row.approver_ref,
    decision: row.decision === 'reject' ? 'reject' : 'approve',
    reason: row.reason,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    superseded:
      row.superseded === true ||
      row.superseded === 1 ||
      row.superseded === '1' ||
      row.superseded === 'true',
  };
}

/** Reads the id of an inserted row from `insert(...).returning('id')`. */
export function insertedId(result: unknown[]): number {
  const first = result[0];
  if (typeof first === 'object' && first !== null && 'id' in first) {
    return Number((first as { id: unknown }).id);
  }
  return Number(first);
}
