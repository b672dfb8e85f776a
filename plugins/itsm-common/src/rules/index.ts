/**
 * The process rules both the backend and the frontend apply, each written
 * once: state sets, link compatibility, approval rounds, the risk table,
 * freeze scopes, change windows, record defaults, the change gate, the
 * CAB's two-thirds rule and the timeline of a release plan.
 */

export * from './states';
export * from './links';
export * from './approvals';
export * from './risk';
export * from './freeze';
export * from './windows';
export * from './defaults';
export * from './changeGate';
export * from './changeEdits';
export * from './parties';
export * from './cab';
export * from './releasePlan';
export * from './slaTargets';
