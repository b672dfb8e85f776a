import { Config, readDurationFromConfig } from '@backstage/config';
import {
  parsePriorityMatrix,
  PRIORITY_MATRIX_CONFIG_PATH,
  PriorityMatrix,
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
  /** Group that stands in for service owners (itsm.roles.onDutyManager). */
  onDutyManager?: string;
  /** Group that approves freeze exceptions (itsm.roles.changeManager). */
  changeManager?: string;
  /** Members a group's approval needs (itsm.approvals.quorum). */
  quorum: Record<string, number>;
  /** How deep impact analysis follows the catalog (itsm.impact.maxDepth, default 6). */
  impactMaxDepth: number;
  /** SLA warning thresholds as fractions of the target (itsm.sla.warningThresholds, default 0.75 and 1). */
  slaThresholds: number[];
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
  return {
    priorityMatrix,
    autoCloseAfterMs,
    standardTemplates,
    demoData: config.getOptionalBoolean('itsm.demoData') ?? false,
    onDutyManager: config
      .getOptionalString('itsm.roles.onDutyManager')
      ?.toLocaleLowerCase('en-US'),
    changeManager: config
      .getOptionalString('itsm.roles.changeManager')
      ?.toLocaleLowerCase('en-US'),
    quorum: readQuorum(config),
    impactMaxDepth: readMaxDepth(config),
    slaThresholds: readThresholds(config),
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

function readThresholds(config: Config): number[] {
  const values = config.getOptional('itsm.sla.warningThresholds') ?? [0.75, 1];
  if (
    !Array.isArray(values) ||
    values.length === 0 ||
    !values.every(v => typeof v === 'number' && v > 0 && v <= 2)
  ) {
    throw new Error(
      'itsm.sla.warningThresholds must be a list of fractions of the target, e.g. [0.75, 1]',
    );
  }
  return [...new Set(values as number[])].sort((a, b) => a - b);
}
