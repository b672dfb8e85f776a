import { Knex } from 'knex';

/** The backlog release of each service (migration `20261204010000_release_backlogs`). */
export const RELEASE_BACKLOGS = 'itsm_release_backlogs';

/**
 * The backlog release of the first of `serviceRefs` that has one, by id;
 * undefined when none has (or only an uncommitted claim of another
 * transaction exists).
 */
export async function releaseBacklogOf(
  db: Knex | Knex.Transaction,
  serviceRefs: readonly string[],
): Promise<string | undefined> {
  if (serviceRefs.length === 0) return undefined;
  const rows: Array<{ service_ref: string; release_id: string | null }> =
    await db(RELEASE_BACKLOGS)
      .select('service_ref', 'release_id')
      .whereIn('service_ref', [...serviceRefs])
      .whereNotNull('release_id');
  const byRef = new Map(rows.map(r => [r.service_ref, r.release_id!]));
  return serviceRefs.map(ref => byRef.get(ref)).find(Boolean);
}

/**
 * Claims the backlog of a service for this transaction: true when this
 * call recorded the claim (the caller then creates the backlog release and
 * sets it with {@link setReleaseBacklog}); false when another transaction
 * holds it. On PostgreSQL a claim that conflicts with an uncommitted one
 * waits for that transaction and answers false after its commit, so the
 * next read sees the winner's backlog.
 */
export async function claimReleaseBacklog(
  db: Knex | Knex.Transaction,
  serviceRef: string,
): Promise<boolean> {
  const inserted: unknown[] = await db(RELEASE_BACKLOGS)
    .insert({ service_ref: serviceRef, release_id: null })
    .onConflict('service_ref')
    .ignore()
    .returning('service_ref');
  return inserted.length === 1;
}

/** Records the release created for a claimed backlog. */
export async function setReleaseBacklog(
  db: Knex | Knex.Transaction,
  serviceRef: string,
  releaseId: string,
): Promise<void> {
  await db(RELEASE_BACKLOGS)
    .where({ service_ref: serviceRef })
    .update({ release_id: releaseId });
}
