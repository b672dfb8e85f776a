import { ReleaseChangePurpose } from '@backstage-itsm/plugin-itsm-common';

/** A change of a release plan as stored (table `itsm_release_changes`). */
export interface ReleasePlanEntry {
  changeId: string;
  releaseId: string;
  /** The change coordinator (user ref) who runs it. */
  coordinator: string;
  purpose: ReleaseChangePurpose;
  durationDays: number;
  /** Keys of the changes of the same plan it waits for. */
  dependsOn: string[];
  createdAt: string;
  createdBy: string;
}

/**
 * The plans of releases. `add` runs inside the transaction that creates the
 * change; one delivering change per coordinator and release is a unique
 * index, so it answers `coordinator-taken` rather than a second one.
 */
export interface ReleasePlanStore {
  add(entry: ReleasePlanEntry): Promise<'added' | 'coordinator-taken'>;
  /** The plan of a release, in the order its changes were added. */
  ofRelease(releaseId: string): Promise<ReleasePlanEntry[]>;
  /** The plan entry of a change, when it belongs to a release plan. */
  ofChange(changeId: string): Promise<ReleasePlanEntry | undefined>;
  /** Whether the CAB meeting that registered the release included the RFC. */
  includedByCab(releaseId: string, changeId: string): Promise<boolean>;
}
