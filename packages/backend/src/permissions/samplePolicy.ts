import {
  coreServices,
  createBackendModule,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  ITSM_RECORD_RESOURCE_TYPE,
  ITSM_ROLES,
  ITSM_RULES,
  itsmRecordUpdatePermission,
} from '@backstage-itsm/plugin-itsm-common';

/*
 * The permission policies of the demo portal, chosen by `itsm.samplePolicy`:
 *
 * - allow-all (default): every request is allowed; the process roles the
 *   ITSM backend checks still decide who takes which step.
 * - restrictive: teams are kept apart. On ITSM records (read, update,
 *   transition, approve, comment) a user is allowed only the records they
 *   registered, the records assigned to one of their groups, the records
 *   about a catalog entity they or one of their groups own, and the records
 *   about an entity for which they (or a group of theirs) hold a process
 *   role, such as the change manager or the change coordinator of its
 *   service. A party a record asks to act (an SLA's customer or service
 *   owner, a change's approvers and the representatives deciding for them)
 *   may also read it, comment on it, approve it and move it (the ITSM backend
 *   still checks the process role of each step), but not edit its fields.
 *   Everything else (creating records, reading CAB meetings, the catalog,
 *   other plugins, calls between backend plugins) is allowed.
 *
 * The restrictive policy answers ITSM record permissions with conditions
 * that name the rules the ITSM backend registers (ITSM_RULES); the backend
 * applies them to each record and turns them into SQL filters for lists, so
 * another team's records are neither readable by key nor listed.
 */

/** The values `itsm.samplePolicy` takes. */
export const SAMPLE_POLICIES = ['allow-all', 'restrictive'] as const;

export type SamplePolicyName = (typeof SAMPLE_POLICIES)[number];

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };

/** Allows everything. */
export class AllowAllPolicy implements PermissionPolicy {
  async handle(): Promise<PolicyDecision> {
    return ALLOW;
  }
}

type ItsmCondition = PermissionCondition<typeof ITSM_RECORD_RESOURCE_TYPE>;

function itsmCondition(
  rule: (typeof ITSM_RULES)[keyof typeof ITSM_RULES],
  params: ItsmCondition['params'],
): ItsmCondition {
  return { rule, resourceType: ITSM_RECORD_RESOURCE_TYPE, params };
}

/**
 * The records of a user's teams: registered by the user, assigned to one of
 * their groups, about an entity they or one of their groups own, or about
 * an entity for which they hold a process role; and, unless `parties` is
 * false, the records that name them (or a group of theirs) as a party.
 */
export function teamRecordsCriteria(
  user: {
    userEntityRef: string;
    ownershipEntityRefs: string[];
  },
  options: { parties?: boolean } = {},
): PermissionCriteria<ItsmCondition> {
  const claims = Array.from(
    new Set([user.userEntityRef, ...user.ownershipEntityRefs]),
  );
  return {
    anyOf: [
      itsmCondition(ITSM_RULES.IS_REQUESTER, { refs: [user.userEntityRef] }),
      itsmCondition(ITSM_RULES.IS_IN_ASSIGNMENT_GROUP, { refs: claims }),
      itsmCondition(ITSM_RULES.OWNS_AFFECTED_ENTITY, { refs: claims }),
      itsmCondition(ITSM_RULES.HAS_ITSM_ROLE, {
        roles: [...ITSM_ROLES],
        claims,
      }),
      ...(options.parties === false
        ? []
        : [itsmCondition(ITSM_RULES.IS_PARTY, { refs: claims })]),
    ],
  };
}

/** Users read and change only the ITSM records of their teams; the rest is allowed. */
export class TeamsApartPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!isResourcePermission(request.permission, ITSM_RECORD_RESOURCE_TYPE)) {
      return ALLOW;
    }
    // Backend plugins acting as themselves (the ITSM sweeps, search).
    if (!user) return ALLOW;
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'itsm',
      resourceType: ITSM_RECORD_RESOURCE_TYPE,
      conditions: teamRecordsCriteria(user.info, {
        // A party acts on a record through its steps, not by editing it.
        parties: request.permission.name !== itsmRecordUpdatePermission.name,
      }),
    };
  }
}

/** The policy `itsm.samplePolicy` names (allow-all when not set). */
export function samplePolicyFromConfig(config: RootConfigService): {
  name: SamplePolicyName;
  policy: PermissionPolicy;
} {
  const name = config.getOptionalString('itsm.samplePolicy') ?? 'allow-all';
  if (name === 'allow-all') return { name, policy: new AllowAllPolicy() };
  if (name === 'restrictive') return { name, policy: new TeamsApartPolicy() };
  throw new Error(
    `itsm.samplePolicy must be one of ${SAMPLE_POLICIES.join(
      ', ',
    )}, not ${name}`,
  );
}

/** Sets the portal's permission policy from `itsm.samplePolicy`. */
export const permissionModuleItsmSamplePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'itsm-sample-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ policy, config, logger }) {
        const chosen = samplePolicyFromConfig(config);
        policy.setPolicy(chosen.policy);
        logger.info(`Permission policy: ${chosen.name} (itsm.samplePolicy)`);
      },
    });
  },
});
