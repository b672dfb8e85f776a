import { Config, readDurationFromConfig } from '@backstage/config';
import {
  clockWarningThresholds,
  parsePriorityMatrix,
  PRIORITY_MATRIX_CONFIG_PATH,
  PriorityMatrix,
  readDangerThreshold,
  ITSM_ROLES,
  parseRoleHolders,
  ROLE_INFO,
  RoleConfig,
} from '@backstage-itsm/plugin-itsm-common';
import { Duration } from 'luxon';

/** A standard change template, defined as code in app-config. */
export interface StandardChangeTemplate {
  id: string;
  title: string;
  /** Whether changes from this template go to implementation without approval. */
  skipApproval: boolean;
  description?: string;
}

/** The `itsm` section of app-config, read once at start-up. */
export interface ItsmConfig {
  priorityMatrix: PriorityMatrix;
  /** Resolved incidents close on their own after this long. */
  autoCloseAfterMs: number;
  standardTemplates: Map<string, StandardChangeTemplate>;
  /** Seed demo records on first start (app-config.yaml enables it). */
  demoData: boolean;
  /** Config defaults of the process roles (itsm.roles.<role>). */
  roles: RoleConfig;
  /** Members a group's approval needs (itsm.approvals.quorum). */
  quorum: Record<string, number>;
  /** How deep impact analysis follows the catalog (itsm.impact.maxDepth, default 6). */
  impactMaxDepth: number;
  /** Share of a budget at which a target is in danger (itsm.sla.dangerThreshold, default 0.75). */
  dangerThreshold: number;
  /** SLA clock warnings as fractions of the target: the danger threshold and the breach. */
  slaThresholds: readonly number[];
}

const DEFAULT_AUTO_CLOSE = { days: 5 };

export function readItsmConfig(config: Config): ItsmConfig {
  const priorityMatrix = parsePriorityMatrix(
    config.getOptional(PRIORITY_MATRIX_CONFIG_PATH),
  );
  const autoClose = config.has('itsm.incidents.autoCloseAfter')
    ? readDurationFromConfig(config, { key: 'itsm.incidents.autoCloseAfter' })
    : DEFAULT_AUTO_CLOSE;
  const autoCloseAfterMs = Duration.fromObject(autoClose).toMillis();
  if (!(autoCloseAfterMs > 0)) {
    throw new Error(
      'itsm.incidents.autoCloseAfter must be a positive duration',
    );
  }
  const standardTemplates = new Map<string, StandardChangeTemplate>();
  for (const t of config.getOptionalConfigArray(
    'itsm.changes.standardTemplates',
  ) ?? []) {
    const id = t.getString('id');
    if (standardTemplates.has(id)) {
      throw new Error(`itsm.changes.standardTemplates: duplicate id "${id}"`);
    }
    standardTemplates.set(id, {
      id,
      title: t.getString('title'),
      skipApproval: t.getOptionalBoolean('skipApproval') ?? true,
      description: t.getOptionalString('description'),
    });
  }
  if (config.has('itsm.sla.warningThresholds')) {
    throw new Error(
      'itsm.sla.warningThresholds is no longer read: SLA clocks warn at itsm.sla.dangerThreshold (default 0.75) and at 1; set that instead',
    );
  }
  const dangerThreshold = readDangerThreshold(config);
  const roles = readRoles(config);
  return {
    priorityMatrix,
    autoCloseAfterMs,
    standardTemplates,
    demoData: config.getOptionalBoolean('itsm.demoData') ?? false,
    roles,
    quorum: readQuorum(config),
    impactMaxDepth: readMaxDepth(config),
    dangerThreshold,
    slaThresholds: clockWarningThresholds(dangerThreshold),
  };
}

function readQuorum(config: Config): Record<string, number> {
  const quorum: Record<string, number> = {};
  const entries = config.getOptionalConfigArray('itsm.approvals.quorum') ?? [];
  entries.forEach((entry, i) => {
    const group = entry.getString('group').toLocaleLowerCase('en-US');
    const members = entry.getNumber('members');
    if (!Number.isInteger(members) || members < 1) {
      throw new Error(
        `itsm.approvals.quorum[${i}].members must be a whole number of at least 1`,
      );
    }
    quorum[group] = members;
  });
  return quorum;
}

function readMaxDepth(config: Config): number {
  const depth = config.getOptionalNumber('itsm.impact.maxDepth') ?? 6;
  if (!Number.isInteger(depth) || depth < 1 || depth > 20) {
    throw new Error('itsm.impact.maxDepth must be a whole number from 1 to 20');
  }
  return depth;
}

function readRoles(config: Config): RoleConfig {
  const roles: RoleConfig = {};
  for (const role of ITSM_ROLES) {
    const key = `itsm.roles.${ROLE_INFO[role].configKey}`;
    const value = config.getOptional(key);
    if (value === undefined) continue;
    const list = typeof value === 'string' ? [value] : value;
    const holders = Array.isArray(list)
      ? parseRoleHolders(list.filter((v): v is string => typeof v === 'string'))
      : [];
    if (holders.length === 0) {
      throw new Error(
        `${key} must name a group or user entity ref (or a list of them)`,
      );
    }
    roles[role] = holders;
  }
  return roles;
}
