import {
  isTerminalState,
  newReleaseData,
  RELEASE_BACKLOG_STATE,
} from '@backstage-itsm/plugin-itsm-common';
import { StoredRecord } from '../store/types';
import { TransitionContext } from '../engine/types';

/**
 * The backlog release of the service of `ctx.record` (its system, else its
 * entities), created in the transaction when the service has none yet.
 */
export async function backlogReleaseFor(
  ctx: TransitionContext,
): Promise<StoredRecord> {
  const systems = (ctx.record.data.systemRefs as string[] | undefined) ?? [];
  const scope = systems.length ? systems : ctx.record.entityRefs;
  // Inside the transaction: a second connection may not exist (SQLite) and
  // would not see a backlog created earlier in this transaction.
  const { items } = await ctx.tx.listRecords({
    type: 'releases',
    states: [RELEASE_BACKLOG_STATE],
    entityRefs: scope,
    limit: 1,
  });
  if (items[0]) return items[0];
  return ctx.createRecord({
    type: 'releases',
    title: `Backlog of ${scope[0]}`,
    description:
      'Requests for change handed to release management for this service.',
    state: RELEASE_BACKLOG_STATE,
    entityRefs: [scope[0]],
    ownerRefs: ctx.record.ownerRefs,
    assignedGroup: ctx.record.assignedGroup,
    data: newReleaseData({ backlog: true }),
  });
}

/** Moves the RFCs of the release (all, or only the unmet ones) back to their backlog. */
export async function returnToBacklog(
  ctx: TransitionContext,
  onlyUnmet: boolean,
) {
  const changes = (await ctx.linked()).filter(r => r.type === 'changes');
  for (const change of changes) {
    if (
      onlyUnmet &&
      change.state === 'closed' &&
      change.data.outcome === 'successful'
    )
      continue;
    // A finished change (closed, rejected, cancelled) stays with the release
    // that ran it; only RFCs still waiting go back to the backlog.
    if (isTerminalState('changes', change.state)) continue;
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
