/**
 * The data hooks of the ITSM pages: each one calls `useApi(itsmApiRef)`
 * itself, so components get their data without an `api` prop. Hooks of one
 * process live beside its cards (`components/<process>/hooks.ts`).
 */
export * from './useItsmApi';
export * from './RecordRefresh';
export * from './records';
export * from './availability';
export * from './useDangerThreshold';
export * from './roles';
export * from './identity';
