import { ConflictError, InputError } from '@backstage/errors';
import {
  AFTER_FAILURE_PURPOSES,
  isReleaseChangePurpose,
  MAX_RELEASE_CHANGE_DAYS,
  MIN_RELEASE_CHANGE_DAYS,
  ReleaseChangePurpose,
  releaseTimeline,
} from '@backstage-itsm/plugin-itsm-common';
import { RecordEngine } from '../engine/RecordEngine';
import { RecordService } from '../engine/RecordService';
import { Caller } from '../engine/types';
import { ReleasePlanEntry } from '../store/releasePlanTypes';
import { StoredRecord } from '../store/types';

/** One change of a release plan as the API shows it, placed on the timeline. */
export interface ReleasePlanChangeView {
  key: string;
  title: string;
  state: string;
  outcome: string | null;
  coordinator: string;
  purpose: ReleaseChangePurpose;
  durationDays: number;
  dependsOn: string[];
  start: string;
  end: string;
  critical: boolean;
}

/** The plan of a release: its changes on a timeline. */
export interface ReleasePlanView {
  releaseKey: string;
  releaseState: string;
  /** When coordination started (the plan's start), else now. */
  start: string;
  /** When the last change ends as planned. */
  end: string;
  targetDate: string | null;
  /** Whether the planned end is on or before the target date (null without one). */
  onSchedule: boolean | null;
  /** Whether one of its changes closed without success (finish and backout changes may be added). */
  partialFailure: boolean;
  changes: ReleasePlanChangeView[];
}

/** The outcomes that make a release partially failed. */
const FAILED_OUTCOMES = ['failed', 'backed_out'];

const failed = (change: StoredRecord) =>
  change.state === 'closed' &&
  FAILED_OUTCOMES.includes(change.data.outcome as string);

function planInput(body: unknown) {
  const b = (body ?? {}) as Record<string, unknown>;
  const title = typeof b.title === 'string' ? b.title.trim() : '';
  if (!title) throw new InputError('title: is required');
  if (typeof b.coordinator !== 'string' || !b.coordinator.trim()) {
    throw new InputError(
      'coordinator: the change coordinator (a user ref) is required',
    );
  }
  const durationDays = b.durationDays;
  if (
    typeof durationDays !== 'number' ||
    !Number.isFinite(durationDays) ||
    durationDays < MIN_RELEASE_CHANGE_DAYS ||
    durationDays > MAX_RELEASE_CHANGE_DAYS
  ) {
    throw new InputError(
      `durationDays: must be a number of days from ${MIN_RELEASE_CHANGE_DAYS} to ${MAX_RELEASE_CHANGE_DAYS}`,
    );
  }
  const purpose = b.purpose ?? 'deliver';
  if (!isReleaseChangePurpose(purpose)) {
    throw new InputError('purpose: must be deliver, finish or backout');
  }
  const dependsOn = b.dependsOn ?? [];
  if (!Array.isArray(dependsOn) || dependsOn.some(k => typeof k !== 'string')) {
    throw new InputError('dependsOn: must be a list of change keys');
  }
  return {
    title,
    description: typeof b.description === 'string' ? b.description : undefined,
    coordinator: b.coordinator.trim().toLocaleLowerCase('en-US'),
    durationDays,
    purpose,
    dependsOn: [...new Set(dependsOn.map(k => k.trim().toUpperCase()))],
    entityRefs: b.entityRefs,
  };
}

/**
 * The plan of a release (process model, "Release", coordination): the
 * release coordinator splits the release into changes, one delivering
 * change per change coordinator, each with a duration and the changes it
 * waits for; after a partial failure (a change of the plan closed failed or
 * backed out) changes to finish the delivery or to back the release out are
 * added. Each change is an ordinary change record (created through the
 * record engine, linked to the release) that follows change management from
 * its draft; it came from release management, so it is registered for
 * planning rather than handed to release management again (`notFromRelease`).
 */
export class ReleasePlanService {
  constructor(
    private readonly deps: {
      engine: RecordEngine;
      records: RecordService;
    },
  ) {}

  async plan(releaseKey: string, caller: Caller): Promise<ReleasePlanView> {
    const release = await this.deps.engine.readable(
      'releases',
      releaseKey,
      caller,
    );
    return this.view(release);
  }

  async addChange(
    releaseKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<ReleasePlanView> {
    const input = planInput(body);
    const { engine } = this.deps;
    const release = await engine.readable('releases', releaseKey, caller);
    await engine.deps.roles.assertActs(
      release,
      ['release-coordinator'],
      caller,
      'plan the changes of',
    );
    if (release.state !== 'coordinating') {
      throw new ConflictError(
        `${release.key} is ${release.state}: changes are planned while it is coordinating`,
      );
    }
    const plan = await this.entries(release);
    const changes = await this.changesOf(plan);
    const known = new Set(changes.map(c => c.key));
    const unknown = input.dependsOn.filter(k => !known.has(k));
    if (unknown.length) {
      throw new InputError(
        `dependsOn: ${unknown.join(', ')} ${
          unknown.length === 1 ? 'is' : 'are'
        } not a change of the plan of ${release.key}`,
      );
    }
    if (
      AFTER_FAILURE_PURPOSES.includes(input.purpose) &&
      !changes.some(failed)
    ) {
      throw new ConflictError(
        `purpose ${input.purpose}: only after a partial failure (a change of ${release.key} closed failed or backed out)`,
      );
    }
    const entityRefs = Array.isArray(input.entityRefs)
      ? input.entityRefs
      : release.entityRefs;
    await this.deps.records.create(
      'changes',
      {
        title: input.title,
        description: input.description,
        entityRefs,
        changeType: 'normal',
        assignee: input.coordinator,
      },
      caller,
      {
        linkTo: [{ key: release.key, field: 'releaseKey' }],
        inTransaction: async (tx, created) => {
          const added = await tx.releasePlans.add({
            changeId: created.id,
            releaseId: release.id,
            coordinator: input.coordinator,
            purpose: input.purpose,
            durationDays: input.durationDays,
            dependsOn: input.dependsOn,
            createdAt: created.createdAt,
            createdBy: caller.userRef,
          });
          if (added === 'coordinator-taken') {
            throw new ConflictError(
              `coordinator: ${input.coordinator} already runs a change delivering ${release.key} (one per change coordinator)`,
            );
          }
        },
      },
    );
    return this.view(release);
  }

  private entries(release: StoredRecord): Promise<ReleasePlanEntry[]> {
    return this.deps.engine.deps.store.releasePlans.ofRelease(release.id);
  }

  private async changesOf(plan: ReleasePlanEntry[]): Promise<StoredRecord[]> {
    return this.deps.engine.deps.store.getRecordsByIds(
      plan.map(p => p.changeId),
    );
  }

  private async view(release: StoredRecord): Promise<ReleasePlanView> {
    const plan = await this.entries(release);
    const changes = new Map(
      (await this.changesOf(plan)).map(c => [c.id, c] as const),
    );
    const rows = plan.flatMap(entry => {
      const change = changes.get(entry.changeId);
      return change ? [{ entry, change }] : [];
    });
    const start =
      (release.data.coordinationStartedAt as string | undefined) ??
      this.deps.engine.now();
    const timeline = releaseTimeline(
      start,
      rows.map(({ entry, change }) => ({
        key: change.key,
        durationDays: entry.durationDays,
        dependsOn: entry.dependsOn,
      })),
    );
    const targetDate = (release.data.targetDate as string | null) ?? null;
    return {
      releaseKey: release.key,
      releaseState: release.state,
      start: timeline.start,
      end: timeline.end,
      targetDate,
      onSchedule: targetDate
        ? Date.parse(timeline.end) <= Date.parse(targetDate)
        : null,
      partialFailure: rows.some(r => failed(r.change)),
      changes: rows.map(({ entry, change }, i) => ({
        key: change.key,
        title: change.title,
        state: change.state,
        outcome: (change.data.outcome as string | undefined) ?? null,
        coordinator: entry.coordinator,
        purpose: entry.purpose,
        durationDays: entry.durationDays,
        dependsOn: entry.dependsOn,
        start: timeline.items[i].start,
        end: timeline.items[i].end,
        critical: timeline.items[i].critical,
      })),
    };
  }
}
