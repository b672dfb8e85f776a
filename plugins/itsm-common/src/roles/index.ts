/**
 * The roles of the process model, how they are resolved from the catalog,
 * and which roles take each action that is not a transition.
 */
export * from './roles';
export * from './resolve';
export * from './actions';
export * from './comments';
