/** The types of the ITSM API: requests and answers, per area. */
export * from './records';
export * from './availability';
export * from './changes';
export * from './slas';
export * from './roles';
export * from './kpis';
export * from './releases';
