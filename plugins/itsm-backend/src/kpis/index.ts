export { DEFAULT_KPI_DAYS, KpiService } from './KpiService';
export type { KpiParams } from './KpiService';
export type { ItsmKpis, ItsmReleaseKpis } from './figures';
