/**
 * Pure, isomorphic SLA and availability math: service calendars, interval
 * algebra, availability figures, SLA clocks, evaluation terms and the "in
 * danger" threshold. All instants are epoch milliseconds; nothing reads the
 * current time (callers pass `now`).
 */

export * from './intervals';
export * from './calendar';
export * from './calendarConfig';
export * from './availability';
export * from './clocks';
export * from './danger';
export * from './terms';
export * from './versions';
export * from './escalation';
