/**
 * Backend of the Backstage ITSM plugins.
 *
 * @packageDocumentation
 */
export { itsmPlugin as default } from './plugin';
export {
  itsmRecordConditions,
  createItsmRecordConditionalDecision,
} from './permissions/conditions';
