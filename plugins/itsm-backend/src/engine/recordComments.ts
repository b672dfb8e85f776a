import { NotAllowedError } from '@backstage/errors';
import {
  commentSchema,
  describeRoleHolders,
  internalCommentRoles,
  ItsmComment,
  ItsmPage,
  ItsmRecordType,
  itsmCommentCreatePermission,
  worksTheRecord,
} from '@backstage-itsm/plugin-itsm-common';
import { StoredComment, StoredRecord } from '../store/types';
import { RecordEngine } from './RecordEngine';
import { parseInput } from './recordUtils';
import { Caller, SYSTEM_ACTOR } from './types';

/**
 * Public and internal comments (docs/service-desk.md). An internal comment
 * is a work note: only those who work the record (any of its roles but the
 * requester's and the customer representative's, itsm-common
 * `internalCommentRoles`) read and write it; the list leaves it out in SQL
 * for everybody else, and counts only what the reader sees.
 */

const toApiComment = (c: StoredComment): ItsmComment => ({
  id: c.id,
  author: c.author,
  body: c.body,
  createdAt: c.createdAt,
  visibility: c.visibility,
});

/** Whether the caller works the record (reads and writes its internal notes). */
async function worksOn(
  engine: RecordEngine,
  record: StoredRecord,
  caller: Caller,
): Promise<boolean> {
  if (caller.userRef === SYSTEM_ACTOR) return true;
  const roles = await engine.deps.roles.recordRoles(record, caller);
  return worksTheRecord(caller.claims, roles);
}

/** The comments of a record the caller may read, a page at a time. */
export async function listComments(
  engine: RecordEngine,
  type: ItsmRecordType,
  idOrKey: string,
  params: { limit: number; cursor?: string },
  caller: Caller,
): Promise<ItsmPage<ItsmComment>> {
  const record = await engine.readable(type, idOrKey, caller);
  const page = await engine.deps.store.listComments(record.id, {
    limit: params.limit,
    cursor: params.cursor,
    internal: await worksOn(engine, record, caller),
  });
  return {
    items: page.items.map(toApiComment),
    nextCursor: page.nextCursor,
    totalCount: page.totalCount,
  };
}

/**
 * Adds a comment, public unless the body says `internal`; an internal one
 * from someone who does not work the record is refused with 403 naming the
 * roles that do and who holds them. Comments notify nobody: the requester
 * hears of a public reply on the record page.
 */
export async function addComment(
  engine: RecordEngine,
  type: ItsmRecordType,
  idOrKey: string,
  body: unknown,
  caller: Caller,
): Promise<ItsmComment> {
  const input = parseInput(commentSchema, body);
  const visibility = input.visibility ?? 'public';
  const now = engine.now();
  return engine.audited(
    'comment-create',
    { type, idOrKey, visibility },
    async () =>
      engine.deps.store.transaction(async tx => {
        const record = await engine.writable(
          tx,
          type,
          idOrKey,
          caller,
          itsmCommentCreatePermission,
        );
        if (visibility === 'internal') {
          await assertWorksOn(engine, record, caller);
        }
        const comment = await tx.addComment(
          record.id,
          { author: caller.userRef, body: input.body, visibility },
          now,
        );
        // The history names the comment, never its text; an internal
        // note's entry says no more than that a note was written.
        await tx.appendHistory(record.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'commented',
            field: visibility === 'internal' ? 'internal' : null,
            from: null,
            to: comment.id,
          },
        ]);
        return toApiComment(comment);
      }),
  );
}

async function assertWorksOn(
  engine: RecordEngine,
  record: StoredRecord,
  caller: Caller,
): Promise<void> {
  if (caller.userRef === SYSTEM_ACTOR) return;
  const roles = await engine.deps.roles.recordRoles(record, caller);
  if (worksTheRecord(caller.claims, roles)) return;
  const held = internalCommentRoles(roles).filter(r => r.holders.length > 0);
  throw new NotAllowedError(
    `Only those who work ${record.key} write internal notes on it: the ${
      held.length ? held.map(describeRoleHolders).join(' or the ') : 'nobody'
    }; write a public comment instead`,
  );
}
