export * from './types';
export { KnexItsmStore } from './KnexItsmStore';
export { ITSM_MIGRATIONS_DIRECTORY, migrateItsmDatabase } from './migrations';
export { FreezeWindowStore } from './FreezeWindowStore';
export type { WorkQuery, WorkSection, WorkStore } from './workTypes';
