import { InputError } from '@backstage/errors';
import {
  CHANGE_APPROVAL_STATE,
  ITSM_RECORD_TYPES,
  openStates,
  RETROACTIVE_APPROVAL_STATES,
  SLA_MACHINE,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { factQuery } from './facts';
import { applyCriteria } from './permissionFilter';
import { boundedCount, COUNT_LIMIT } from './recordLists';
import {
  APPROVALS,
  checkLimit,
  Db,
  decodeCursor,
  encodeCursor,
  FACTS,
  RECORDS,
  RecordRow,
} from './rows';
import { ListRecordsResult, StoredRecord } from './types';
import { WorkQuery, WorkSection } from './workTypes';

/*
 * "My work": each section one query on indexed columns
 * (migrations/20261204100000_my_work.js), a page at a time, newest first
 * ((created_at, id) descending), counted up to COUNT_LIMIT. The read
 * permission's conditions are applied as in lists.
 */

/** Where a page of a section ends. */
interface WorkCursor {
  section: WorkSection;
  createdAt: string;
  id: string;
}

function decodeWorkCursor(cursor: string, section: WorkSection): WorkCursor {
  const parsed = decodeCursor(cursor);
  if (
    parsed.section !== section ||
    typeof parsed.createdAt !== 'string' ||
    typeof parsed.id !== 'string' ||
    Object.keys(parsed).length !== 3
  ) {
    throw new InputError('Invalid cursor');
  }
  return parsed as unknown as WorkCursor;
}

/** Records in a state in which they are open work, whatever their type. */
function whereOpen(builder: Knex.QueryBuilder) {
  builder.where(any => {
    for (const type of ITSM_RECORD_TYPES) {
      const states = openStates(type);
      if (states.length === 0) continue;
      any.orWhere(b => b.where('r.type', type).whereIn('r.state', states));
    }
  });
}

/**
 * Changes whose approval round is open (isApprovalRoundOpen: in approval, or
 * an emergency change awaiting its retroactive approval), not requested by
 * the caller (nobody approves their own change), with a required approver
 * the caller decides for (approvalDecider facts: decidesFor) that has not
 * decided the round (no rejection, fewer approving members than its quorum:
 * pendingApproverRefs) and for which the caller has not decided yet (each
 * member counts once). The rules of ChangeApprovals.decideApproval.
 */
function whereApprovalAwaited(
  db: Db,
  builder: Knex.QueryBuilder,
  q: WorkQuery,
) {
  const decisions = (alias: string) =>
    db
      .from(`${APPROVALS} as ${alias}`)
      .whereRaw('?? = ??', [`${alias}.record_id`, 'r.id'])
      .whereRaw('?? = ??', [`${alias}.approver_ref`, 'd.subject'])
      .where(`${alias}.superseded`, false);
  builder
    .where('r.type', 'changes')
    .where(open =>
      open
        .where('r.state', CHANGE_APPROVAL_STATE)
        .orWhere(retro =>
          retro
            .whereIn('r.state', RETROACTIVE_APPROVAL_STATES)
            .whereExists(factQuery(db, 'changeType', ['emergency'])),
        ),
    )
    .whereNot('r.created_by', q.userRef)
    .whereExists(
      db
        .select(db.raw('1'))
        .from(`${FACTS} as d`)
        .whereRaw('?? = ??', ['d.record_id', 'r.id'])
        .where('d.name', 'approvalDecider')
        .whereIn('d.value', q.claims)
        .whereNotExists(
          decisions('a')
            .select(db.raw('1'))
            .where(b =>
              b
                .where('a.decision', 'reject')
                .orWhere('a.decided_by', q.userRef),
            ),
        )
        .whereRaw('? < ??', [
          decisions('m')
            .where('m.decision', 'approve')
            .countDistinct('m.decided_by'),
          'd.amount',
        ]),
    );
}

/**
 * Draft SLAs with a party's signature missing that the caller signs for
 * (SlaSignatures: the customer side for its customer groups, the service
 * owner side for the service owner group) and that the caller has not
 * signed for the other party.
 */
function whereSignatureAwaited(
  db: Db,
  builder: Knex.QueryBuilder,
  q: WorkQuery,
) {
  builder
    .where('r.type', 'slas')
    .where('r.state', SLA_MACHINE.initial)
    .whereExists(
      db
        .select(db.raw('1'))
        .from(`${FACTS} as s`)
        .whereRaw('?? = ??', ['s.record_id', 'r.id'])
        .where('s.name', 'signatureAwaited')
        .where(side =>
          side
            .where(c =>
              c
                .where('s.subject', 'customer')
                .whereIn('s.value', q.customerGroups ?? []),
            )
            .orWhere(o =>
              o.where('s.subject', 'serviceOwner').whereIn('s.value', q.claims),
            ),
        ),
    )
    .whereNotExists(factQuery(db, 'signedBy', [q.userRef]));
}

/** One page of a section of the caller's work, and its total. */
export async function listWork(
  db: Db,
  hydrate: (rows: RecordRow[]) => Promise<StoredRecord[]>,
  q: WorkQuery,
): Promise<ListRecordsResult> {
  const limit = checkLimit(q.limit);
  const after = q.cursor ? decodeWorkCursor(q.cursor, q.section) : undefined;
  const base = db(`${RECORDS} as r`);
  switch (q.section) {
    case 'assigned':
      base.where('r.assignee', q.userRef);
      whereOpen(base);
      break;
    case 'groups': {
      const groups = q.claims.filter(c => c.startsWith('group:'));
      base.whereNotNull('r.assigned_group').whereIn('r.assigned_group', groups);
      whereOpen(base);
      break;
    }
    case 'approvals':
      whereApprovalAwaited(db, base, q);
      break;
    case 'signatures':
      whereSignatureAwaited(db, base, q);
      break;
    default: {
      const unknown: never = q.section;
      throw new InputError(`Unknown section '${String(unknown)}'`);
    }
  }
  if (q.permissionFilter) applyCriteria(db, base, q.permissionFilter);

  const page = base
    .clone()
    .select('r.*')
    .limit(limit + 1);
  page.orderBy([
    { column: 'r.created_at', order: 'desc' },
    { column: 'r.id', order: 'desc' },
  ]);
  if (after) {
    page.where(b =>
      b
        .where('r.created_at', '<', after.createdAt)
        .orWhere(e =>
          e.where('r.created_at', after.createdAt).where('r.id', '<', after.id),
        ),
    );
  }
  const pageRows: RecordRow[] = await page;
  const hasMore = pageRows.length > limit;
  const rows = pageRows.slice(0, limit);
  const { total, bounded } =
    after === undefined && !hasMore
      ? { total: rows.length, bounded: false }
      : await boundedCount(
          db,
          base.clone().select(db.raw('1 as ??', ['one'])),
          COUNT_LIMIT,
        );
  const last = rows[rows.length - 1];
  return {
    items: await hydrate(rows),
    nextCursor:
      hasMore && last
        ? encodeCursor({
            section: q.section,
            createdAt: last.created_at,
            id: last.id,
          })
        : undefined,
    totalCount: total,
    ...(bounded ? { totalCountIsLowerBound: true } : {}),
  };
}
