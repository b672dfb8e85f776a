import { useEffect, useRef } from 'react';
import { actsIn, needsCabVote } from '@backstage-itsm/plugin-itsm-common';
import { useCallerIdentity } from '../../hooks/identity';
import { useRecordRefresh } from '../../hooks/RecordRefresh';
import { ItsmData, useItsmApi } from '../../hooks/useItsmApi';
import type { CabMeeting, CabMeetingPage, ReleasePlan } from '../../api';
import { whoCan } from '../common/roles';

/** How often an open CAB board reads the tallies again. */
export const CAB_POLL_MS = 10_000;

/** An RFC of a service's backlog, with whether it needs a CAB vote. */
export interface BacklogRfc {
  key: string;
  title: string;
  state: string;
  needsVote: boolean;
}

/** The backlog release of a service and its RFCs (undefined when it has none). */
export function useServiceBacklog(
  serviceRef: string,
): ItsmData<{ releaseKey: string; rfcs: BacklogRfc[] } | undefined> {
  return useItsmApi(
    async api => {
      if (!serviceRef) return undefined;
      const page = await api.listRecords('releases', {
        entityRef: serviceRef,
        state: 'backlog',
        limit: 1,
      });
      const backlog = page.items[0];
      if (!backlog) return undefined;
      const detail = await api.getRecord('releases', backlog.key);
      const keys = detail.links
        .filter(l => l.type === 'changes' && l.state === 'in_release')
        .map(l => l.key);
      const rfcs = await Promise.all(
        keys.map(async key => {
          const rfc = await api.getRecord('changes', key);
          return {
            key,
            title: rfc.title,
            state: rfc.state,
            needsVote: needsCabVote({
              functionalChange: rfc.functionalChange,
              linkedTypes: rfc.links.map(l => l.type),
            }),
          };
        }),
      );
      return { releaseKey: backlog.key, rfcs };
    },
    [serviceRef],
  );
}

/** The CAB meetings of a service, newest first (a page of 20; `cursor` for more). */
export function useCabMeetings(
  serviceRef: string,
  cursor?: string,
): ItsmData<CabMeetingPage> {
  return useItsmApi(
    api => api.listCabMeetings({ serviceRef, limit: 20, cursor }),
    [serviceRef, cursor],
  );
}

/**
 * One CAB meeting, read again every {@link CAB_POLL_MS} while it is
 * planned. A read that fails keeps the meeting last read (with the error
 * beside it), so a passing network error neither blanks the board nor stops
 * the polling.
 */
export function useCabMeeting(
  key: string,
): ItsmData<CabMeeting> & { last?: CabMeeting } {
  const data = useItsmApi(api => api.getCabMeeting(key), [key]);
  const last = useRef<CabMeeting>();
  if (data.value) last.current = data.value;
  const planned = last.current?.state === 'planned';
  const { retry } = data;
  useEffect(() => {
    if (!planned) return undefined;
    const timer = setInterval(retry, CAB_POLL_MS);
    return () => clearInterval(timer);
  }, [planned, retry]);
  return { ...data, last: last.current };
}

/** The plan of a release on its timeline, read again with the release (a transition starts coordination). */
export function useReleasePlan(key: string): ItsmData<ReleasePlan> {
  const { recordVersion } = useRecordRefresh();
  return useItsmApi(api => api.getReleasePlan(key), [key, recordVersion]);
}

/**
 * Whether the signed-in user holds a role of a service (release
 * coordinator, CAB member), and who does, in words ("release coordinator
 * (group:default/x)"), when they do not.
 */
export function useServiceRole(
  serviceRef: string,
  role: 'release-coordinator' | 'cab-member',
): { loading: boolean; allowed: boolean; who?: string } {
  const roles = useItsmApi(
    async api => (serviceRef ? api.getEntityRoles(serviceRef) : undefined),
    [serviceRef],
  );
  const identity = useCallerIdentity();
  const resolved = roles.value?.roles.find(r => r.role === role);
  if (!resolved || !identity.value) {
    return { loading: roles.loading || identity.loading, allowed: false };
  }
  return {
    loading: false,
    allowed: actsIn(
      [identity.value.userEntityRef, ...identity.value.ownershipEntityRefs],
      resolved,
    ),
    who: whoCan([role], roles.value!.roles),
  };
}
