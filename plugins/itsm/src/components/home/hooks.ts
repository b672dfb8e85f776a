import { ItsmData, useItsmApi } from '../../hooks';
import { ItsmKpis, loadKpis } from './kpis';

/** The process figures of the ITSM home, computed from the list API. */
export function useKpis(): ItsmData<ItsmKpis> {
  return useItsmApi(api => loadKpis(api));
}
