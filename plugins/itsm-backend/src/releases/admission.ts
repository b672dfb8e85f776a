import {
  needsCabVote,
  RELEASE_BACKLOG_STATE,
} from '@backstage-itsm/plugin-itsm-common';
import { ItsmStoreTransaction, StoredRecord } from '../store/types';

/**
 * Which RFCs of a backlog may join a release (process model, "Release"): an
 * RFC that needs no CAB vote (it fixes or prevents a problem without
 * changing functionality) joins one directly; every other RFC joins only
 * the release registered by the CAB meeting that included it. Without this,
 * an RFC could be linked to a release by hand, skip the CAB, and be closed
 * as fulfilled.
 */
export async function cabAdmissionRefusal(
  tx: ItsmStoreTransaction,
  release: StoredRecord,
  other: StoredRecord,
): Promise<string | undefined> {
  if (
    other.type !== 'changes' ||
    other.state !== 'in_release' ||
    release.state === RELEASE_BACKLOG_STATE
  ) {
    return undefined;
  }
  const links = await tx.listLinks(other.id);
  const linked = await tx.getRecordsByIds(
    links.map(l => (l.fromId === other.id ? l.toId : l.fromId)),
  );
  const vote = needsCabVote({
    functionalChange: other.data.functionalChange as boolean | undefined,
    linkedTypes: linked.map(r => r.type),
  });
  if (!vote || (await tx.releasePlans.includedByCab(release.id, other.id))) {
    return undefined;
  }
  return `${other.key} needs a CAB vote: it joins only the release registered by the CAB meeting that included it, not ${release.key}`;
}
