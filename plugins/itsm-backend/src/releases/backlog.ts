import { ConflictError, InputError } from '@backstage/errors';
import {
  newReleaseData,
  RELEASE_BACKLOG_STATE,
} from '@backstage-itsm/plugin-itsm-common';
import { ItsmStoreTransaction, StoredRecord } from '../store/types';
import { TransitionContext } from '../engine/types';

/**
 * Registers `release`, created in `tx` as a backlog, as the backlog of its
 * service (its first entity): refused with 409 when the service has one.
 */
export async function registerBacklog(
  tx: ItsmStoreTransaction,
  release: StoredRecord,
): Promise<void> {
  const service = release.entityRefs[0];
  const existing = await tx.releaseBacklogOf([service]);
  if (existing || !(await tx.claimReleaseBacklog(service))) {
    const [other] = existing ? await tx.getRecordsByIds([existing]) : [];
    throw new ConflictError(
      `${service} already has a backlog release${
        other ? ` (${other.key})` : ''
      }: one per service; RFCs handed to release management join it`,
    );
  }
  await tx.setReleaseBacklog(service, release.id);
}

/**
 * The backlog release of the service of `ctx.record` (its system, else its
 * entities), created in the transaction when the service has none yet:
 * exactly one per service even under concurrent hand-overs. The service's
 * backlog is claimed in the store (a primary key, not a check followed by an
 * insert); a hand-over that loses the claim waits for the winner's commit
 * and joins its backlog.
 */
export async function backlogReleaseFor(
  ctx: TransitionContext,
): Promise<StoredRecord> {
  const systems = (ctx.record.data.systemRefs as string[] | undefined) ?? [];
  const scope = systems.length ? systems : ctx.record.entityRefs;
  // Inside the transaction: a second connection may not exist (SQLite) and
  // would not see a backlog created earlier in this transaction.
  const existing = async () => {
    const id = await ctx.tx.releaseBacklogOf(scope);
    return id ? (await ctx.tx.getRecordsByIds([id]))[0] : undefined;
  };
  const found = await existing();
  if (found) return found;
  const service = scope[0];
  if (!(await ctx.tx.claimReleaseBacklog(service))) {
    const winner = await existing();
    if (winner) return winner;
    throw new ConflictError(
      `The backlog release of ${service} is being created by another request; try again`,
    );
  }
  const backlog = await ctx.createRecord({
    type: 'releases',
    title: `Backlog of ${service}`,
    description:
      'Requests for change handed to release management for this service.',
    state: RELEASE_BACKLOG_STATE,
    entityRefs: [service],
    ownerRefs: ctx.record.ownerRefs,
    assignedGroup: ctx.record.assignedGroup,
    data: newReleaseData({ backlog: true }),
  });
  await ctx.tx.setReleaseBacklog(service, backlog.id);
  return backlog;
}

/**
 * Moves the RFCs of the release still waiting (in release) back to their
 * backlog: all of them, or all but those the release met (`fulfilled`, the
 * keys given at the end of coordination), which stay to be closed as
 * fulfilled. A `fulfilled` key that is not an RFC of the release waiting
 * for its outcome is refused (400 naming it).
 */
export async function returnToBacklog(
  ctx: TransitionContext,
  fulfilled: readonly string[] = [],
) {
  const changes = (await ctx.linked()).filter(r => r.type === 'changes');
  const waiting = changes.filter(c => c.state === 'in_release');
  const met = new Set(fulfilled.map(k => k.toUpperCase()));
  const unknown = [...met].filter(k => !waiting.some(c => c.key === k));
  if (unknown.length) {
    throw new InputError(
      `fulfilled: ${unknown.join(', ')} ${
        unknown.length === 1 ? 'is' : 'are'
      } not an RFC of ${ctx.record.key} waiting for its outcome`,
    );
  }
  // A finished change (closed, rejected, cancelled) stays with the release
  // that ran it; only RFCs still waiting go back to the backlog.
  for (const change of waiting) {
    if (met.has(change.key)) continue;
    await ctx.unlink(change);
    const sub: TransitionContext = {
      ...ctx,
      record: change,
      linked: async () => [],
    };
    const backlog = await backlogReleaseFor(sub);
    // ctx.link would link this release; the change is what joins the backlog.
    await ctx.linkPair(change, backlog);
  }
}
