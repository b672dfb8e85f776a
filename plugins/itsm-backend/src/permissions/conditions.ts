import { createConditionExports } from '@backstage/plugin-permission-node';
import {
  hasEntityRef,
  hasItsmRole,
  isInAssignmentGroup,
  isParty,
  isRequester,
  itsmRecordResourceRef,
  ownsAffectedEntity,
} from './rules';

const exported = createConditionExports({
  resourceRef: itsmRecordResourceRef,
  rules: {
    isRequester,
    isInAssignmentGroup,
    ownsAffectedEntity,
    hasEntityRef,
    hasItsmRole,
    isParty,
  },
});

/**
 * The conditions of ITSM records for permission policy authors, e.g.
 * `itsmRecordConditions.hasItsmRole({ roles: ['change-manager'], claims })`
 * (see docs/roles.md).
 *
 * @public
 */
export const itsmRecordConditions = exported.conditions;

/**
 * Builds a conditional decision on ITSM records from
 * {@link itsmRecordConditions}.
 *
 * @public
 */
export const createItsmRecordConditionalDecision =
  exported.createConditionalDecision;
