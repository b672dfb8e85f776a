import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { itsmApiRef, SlaReport } from '../../api';
import { useRecordRefresh } from '../../hooks';

/** The roles that sign an SLA. */
export type SignatureRole = 'customer' | 'serviceOwner';

/** Signs an SLA in a role; the record page reloads afterwards. */
export function useSlaSigning(slaKey: string): {
  sign(role: SignatureRole): Promise<void>;
} {
  const api = useApi(itsmApiRef);
  const { refreshRecord } = useRecordRefresh();
  return useMemo(
    () => ({
      sign: async role => {
        await api.sign(slaKey, { role });
        refreshRecord();
      },
    }),
    [api, slaKey, refreshRecord],
  );
}

/** Reads the term report of an SLA on demand, as data or as CSV. */
export function useSlaReports(slaKey: string): {
  read(term: string): Promise<SlaReport>;
  readCsv(term: string): Promise<Blob>;
} {
  const api = useApi(itsmApiRef);
  return useMemo(
    () => ({
      read: term => api.getSlaReport(slaKey, term),
      readCsv: term => api.downloadSlaReportCsv(slaKey, term),
    }),
    [api, slaKey],
  );
}
