/**
 * Pure, isomorphic SLA and availability math: service calendars, interval
 * algebra, availability figures and SLA clocks. All instants are epoch
 * milliseconds; nothing reads the current time (callers pass `now`).
 */

export * from './intervals';
export * from './calendar';
export * from './availability';
export * from './clocks';
