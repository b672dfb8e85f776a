/**
 * The five state machines as data, one file per record type, and the
 * queries over them.
 */

export * from './types';
export * from './incidents';
export * from './problems';
export * from './changes';
export * from './releases';
export * from './slas';
export * from './queries';
export * from './fields';
export * from './docs';
