export { EntityItsmContent } from './EntityItsmContent';
export { EntityAvailabilityCard } from './EntityAvailabilityCard';
export { EntityOpenIncidentsCard } from './EntityOpenIncidentsCard';
export { isItsmAvailable, ITSM_ENTITY_KINDS } from './isItsmAvailable';
