import { useApi } from '@backstage/core-plugin-api';
import {
  ApprovalBody,
  ChangeCalendarQuery,
  ChangeCalendarResponse,
  itsmApiRef,
  ItsmChangeApprovals,
  StandardChangeTemplate,
} from '../../api';
import { ItsmData, useItsmApi, useRecordRefresh } from '../../hooks';

/** The approvals of a change, and how to decide one. */
export type ChangeApprovals = ItsmData<ItsmChangeApprovals> & {
  /** Approves or rejects; the record page reloads afterwards. */
  decide(body: ApprovalBody): Promise<void>;
};

/**
 * The required approvers, the decisions and the pending approvers of a
 * change; read again after every write on the record page.
 */
export function useApprovals(changeKey: string): ChangeApprovals {
  const api = useApi(itsmApiRef);
  const { version, refreshRecord } = useRecordRefresh();
  const approvals = useItsmApi(
    a => a.getApprovals(changeKey),
    [changeKey, version],
  );
  return {
    ...approvals,
    decide: async body => {
      await api.decideApproval(changeKey, body);
      refreshRecord();
    },
  };
}

/** The change calendar of a period, optionally for one entity. */
export function useChangeCalendar(
  query: ChangeCalendarQuery,
): ItsmData<ChangeCalendarResponse> {
  const { from, to, entityRef } = query;
  return useItsmApi(
    api =>
      api.getChangeCalendar(entityRef ? { from, to, entityRef } : { from, to }),
    [from, to, entityRef],
  );
}

/** The standard change catalogue (read once per form). */
export function useStandardChangeTemplates(): ItsmData<
  StandardChangeTemplate[]
> {
  return useItsmApi(a => a.listStandardChangeTemplates(), []);
}
