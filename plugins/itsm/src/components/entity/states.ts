/**
 * `in_progress` becomes "In progress": the pages' own wording of a state.
 * Which states count as open, finished or active is a rule of itsm-common
 * (`OPEN_INCIDENT_STATES`, `OPEN_PROBLEM_STATES`, ...).
 */
export { humanize as stateLabel } from '../common/format';
