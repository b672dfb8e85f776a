import { InputError } from '@backstage/errors';
import { requireRefs } from '../cmdb/CatalogLookup';
import { isDeepStrictEqual } from 'node:util';
import {
  ACTION_ROLES,
  CreateSlaInput,
  itsmSlaManagePermission,
  newSlaData,
  nextSlaVersionData,
  SLA_ACTIVE_STATE,
  SLA_MACHINE,
  SLA_VERSIONED_FIELDS,
  slaVersions,
  UpdateSlaInput,
} from '@backstage-itsm/plugin-itsm-common';
import { mergeDefined, TypeHandler } from '../engine/types';
import { StoredRecord } from '../store/types';

/**
 * Whether an edit changes what the parties agreed to: the parties, targets,
 * calendar, term, degraded-outage escalation or entities (compared as
 * {@link slaVersions} reads them, so an absent default equals its value).
 */
function agreedTermsChange(
  record: StoredRecord,
  data: Record<string, unknown>,
  entityRefs: string[] | undefined,
): boolean {
  const termsOf = (d: Record<string, unknown>, refs: string[]) => {
    const { version, validFrom, validTo, ...terms } = slaVersions({
      data: { ...d, versions: [] },
      entityRefs: [...refs].sort(),
    }).pop()!;
    return terms;
  };
  return !isDeepStrictEqual(
    termsOf(record.data, record.entityRefs),
    termsOf(data, entityRefs ?? record.entityRefs),
  );
}

/**
 * An SLA names a calendar of `itsm.calendars` (or 24x7): any other name would
 * silently count as 24x7 and misstate every clock and report.
 */
function knownCalendar(
  calendars: { names(): string[] },
  calendar: string | undefined,
) {
  if (calendar === undefined || calendar === '24x7') return;
  const known = ['24x7', ...calendars.names().filter(n => n !== '24x7')];
  if (!known.includes(calendar)) {
    throw new InputError(
      `calendar: unknown service calendar "${calendar}"; known: ${known.join(
        ', ',
      )}`,
    );
  }
}

/**
 * The SLA rules of registering and editing. Both are the service level
 * manager's (ACTION_ROLES['slas.manage']) and need itsm.sla.manage, as do
 * the SLA's transitions (the record service checks the type's permission).
 */
export const slaHandler = (calendars: {
  names(): string[];
}): TypeHandler<CreateSlaInput, UpdateSlaInput> => ({
  type: 'slas',
  managePermission: itsmSlaManagePermission,
  async create(input, ctx) {
    await ctx.assertActs(ACTION_ROLES['slas.manage'], 'register');
    knownCalendar(calendars, input.calendar);
    await requireRefs(ctx, 'group', {
      customerGroup: input.customerGroup,
      serviceOwnerGroup: input.serviceOwnerGroup,
    });
    return {
      priority: null,
      assignedGroup: input.serviceOwnerGroup,
      assignee: null,
      data: {
        ...newSlaData(input),
        escalateDegraded: input.escalateDegraded ?? false,
      },
    };
  },
  async update(input, record, ctx) {
    await ctx.assertActs(ACTION_ROLES['slas.manage'], 'edit');
    if (input.calendar !== record.data.calendar) {
      knownCalendar(calendars, input.calendar);
    }
    // Only what changes is looked up: a party gone from the catalog does
    // not block an edit of something else.
    await requireRefs(ctx, 'group', {
      customerGroup:
        input.customerGroup !== record.data.customerGroup
          ? input.customerGroup
          : undefined,
      serviceOwnerGroup:
        input.serviceOwnerGroup !== record.data.serviceOwnerGroup
          ? input.serviceOwnerGroup
          : undefined,
    });
    const data = mergeDefined(record.data, input, SLA_VERSIONED_FIELDS);
    const entityRefs = ctx.facts.length
      ? ctx.facts.map(f => f.entityRef)
      : undefined;
    const changesTerms = agreedTermsChange(record, data, entityRefs);
    if (changesTerms && record.state === SLA_ACTIVE_STATE) {
      // Every change of what an active SLA agrees to makes a new version;
      // each figure uses the version in force for its period, so the old
      // one is kept with its period (docs/sla.md, "Versions").
      Object.assign(data, nextSlaVersionData(record, ctx.now));
      if (!isDeepStrictEqual(data.targets, record.data.targets)) {
        const history = (record.data.targetHistory as unknown[]) ?? [];
        data.targetHistory = [
          ...history,
          {
            targets: record.data.targets,
            validFrom:
              (record.data.targetsValidFrom as string | undefined) ??
              record.stateChangedAt,
            validTo: ctx.now,
          },
        ];
        data.targetsValidFrom = ctx.now;
      }
    }
    // Signatures sign what they saw: a draft edited in what they signed
    // loses them (the update's history shows the signatures cleared).
    const signed = Object.keys((record.data.signatures as object) ?? {});
    if (
      record.state === SLA_MACHINE.initial &&
      signed.length > 0 &&
      changesTerms
    ) {
      data.signatures = {};
    }
    const update: Awaited<ReturnType<typeof this.update>> = { data };
    if (input.serviceOwnerGroup) update.assignedGroup = input.serviceOwnerGroup;
    return update;
  },
  applyTransitionFields({ input, def }, patch) {
    if (def.to === 'declined') patch.data.declineReason = input.reason ?? null;
    if (def.to === 'terminated')
      patch.data.terminationReason = input.reason ?? null;
  },
});
