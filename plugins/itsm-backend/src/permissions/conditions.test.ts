import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ITSM_RECORD_RESOURCE_TYPE,
  itsmRecordReadPermission,
} from '@backstage-itsm/plugin-itsm-common';
import {
  createItsmRecordConditionalDecision,
  itsmRecordConditions,
} from './conditions';

describe('condition exports for policy authors', () => {
  it('build the conditions the plugin evaluates, HAS_ITSM_ROLE included', () => {
    const claims = ['user:default/ines', 'group:default/cab'];
    expect(
      createItsmRecordConditionalDecision(itsmRecordReadPermission, {
        anyOf: [
          itsmRecordConditions.isRequester({ refs: ['user:default/ines'] }),
          itsmRecordConditions.hasItsmRole({
            roles: ['change-manager', 'problem-coordinator'],
            claims,
          }),
        ],
      }),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'itsm',
      resourceType: ITSM_RECORD_RESOURCE_TYPE,
      conditions: {
        anyOf: [
          {
            rule: 'IS_REQUESTER',
            resourceType: ITSM_RECORD_RESOURCE_TYPE,
            params: { refs: ['user:default/ines'] },
          },
          {
            rule: 'HAS_ITSM_ROLE',
            resourceType: ITSM_RECORD_RESOURCE_TYPE,
            params: {
              roles: ['change-manager', 'problem-coordinator'],
              claims,
            },
          },
        ],
      },
    });
  });
});
