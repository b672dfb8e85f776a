import { ItsmKpis } from '../../api';
import { ItsmData, useItsmApi } from '../../hooks';

/** The process figures of the ITSM home, computed by the backend (`GET /kpis`). */
export function useKpis(): ItsmData<ItsmKpis> {
  return useItsmApi(async api => api.getKpis());
}
