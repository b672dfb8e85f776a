import type { ItsmRecordType } from '../recordTypes';
import type { ActorRole } from '../roles/roles';

/**
 * Names of the conditions the server checks before it applies a transition.
 * A guard only ever blocks a transition; it never changes anything. Guards
 * that name a record type ("emergencyChange") pass for records of other
 * kinds trivially, but each is only attached where it matters.
 *
 * @public
 */
export type GuardName =
  /** Incident resolve (and problem resolve without change): when the fix makes a service unavailable or degraded during service hours, changes what it does, or needs a CMDB update, a linked change must exist. */
  | 'changeGate'
  /** Problem close and known_error -> resolved: no linked change is still open, and when changes are linked at least one closed with outcome `successful` (a problem fixed without change has none and passes). */
  | 'linkedChangeSuccessful'
  /** Problem known_error -> resolved: at least one change is linked to the problem (the fix went through change management). */
  | 'linkedChangeExists'
  /** Change approval -> scheduled: every required approval of the current round is present and none of them rejects. */
  | 'approvalsComplete'
  /** Change planning -> scheduled: a standard change whose template skips approval. */
  | 'standardPreApproved'
  /** A window inside a freeze window is refused except for an emergency change: a normal or standard change is neither put to approval nor scheduled inside one. */
  | 'outsideFreeze'
  /** A standard change is not put to approval or scheduled while its window overlaps another open change on the same entities (a normal change's conflicts are the change manager's call). */
  | 'noConflictingChanges'
  /** Change scheduled -> implementing: now is inside the approved window (emergency changes, which have none beforehand, are exempt). */
  | 'withinApprovedWindow'
  /** Change implementing -> verifying: the approved window has not closed yet (the implementation ran out of it otherwise, which requires approval again); emergency changes, approved afterwards, are exempt. */
  | 'doneWithinApprovedWindow'
  /** The change is of type `emergency`. */
  | 'emergencyChange'
  /** The emergency change is linked to the incident it fixes (the transition's roles make the service owner or on-duty manager order it). */
  | 'emergencyAuthorised'
  /** The change is not of type `standard` (standard changes follow their template). */
  | 'notStandard'
  /** The change is not of type `emergency` (emergency changes are implemented first). */
  | 'notEmergency'
  /** The change has an implementation window, an implementation plan, a test plan and a backout plan. */
  | 'planComplete'
  /** A change flagged as needing a CMDB update has its catalog-update task done. */
  | 'catalogUpdateDone'
  /** An emergency change has been registered retroactively (plans, linked incident) and approved by its authoriser before it closes; passes for other types. */
  | 'retroactiveApproval'
  /** Change verifying -> closed: the body carries outcome `successful`, `failed` or `backed_out`. */
  | 'outcomeGiven'
  /** Change in_release -> rejected: the CAB rejected the RFC (at least two thirds of all members voted reject). */
  | 'cabRejected'
  /** Change in_release -> closed: the RFC is included in a release whose coordination finished (release in reviewing or closed) and recorded it as fulfilled. */
  | 'releaseFulfilled'
  /** Change review -> in_release: a change of a release plan came from release management and is registered for planning, not handed to it again. */
  | 'notFromRelease'
  /** SLA draft -> active: both the customer representative's and the service owner's signature are recorded, each naming a person. */
  | 'bothSignatures'
  /** A release cannot finish coordination, be cancelled mid-coordination or close while one of its changes is open. */
  | 'allChangesClosed'
  /** Release reviewing -> closed: every RFC of the release has its outcome (closed as fulfilled, or returned to the backlog at the end of coordination). */
  | 'rfcsDecided'
  /** Release defined -> coordinating: the release is recorded as fitting existing budgets, so no business case is needed. */
  | 'withinBudget'
  /** The acting user is not the one who proposed what is being approved (nobody approves their own proposal). */
  | 'notProposer'
  /** Incident new -> assigned: the incident has an assignment group (set by routing, or given in the body). */
  | 'hasAssignmentGroup';

/**
 * Names of the side effects the server applies together with a transition.
 * They are documentation for the server and the UI; the state machine itself
 * does not run them.
 *
 * @public
 */
export type EffectName =
  /** Incident reopen: the reopen counter goes up by one. */
  | 'incrementReopenCount'
  /** Incident reopen: the resolution code and notes of the resolve it undoes are cleared (history keeps them). */
  | 'clearResolution'
  /** Send-backs (incident to `new`, problem analysis, change to planning): the send-back counter goes up by one. */
  | 'incrementSendBackCount'
  /** Clears the assignment group and assignee (incident sent back for rerouting). */
  | 'clearAssignment'
  /** The acting user becomes the assignee when nobody is assigned. */
  | 'assignActorIfUnassigned'
  /** Marks every approval of the current round superseded. */
  | 'supersedeApprovals'
  /** Computes the approvers required now (affected customers, or the service owner) and opens a new approval round. */
  | 'startNewApprovalRound'
  /** Informs the requester (incident resolved, RFC closed or rejected). */
  | 'notifyRequester'
  /** Informs the requesters and approvers of a change before it closes. */
  | 'notifyRequesterAndApprovers'
  /** Closing a change notifies every problem linked to it. */
  | 'notifyLinkedProblems'
  /** Closing an emergency change informs the service owner or on-duty manager who ordered it. */
  | 'notifyAuthoriser'
  /** Raising a known error creates an RFC for the service's change coordinator, or links an open change not yet implemented. */
  | 'createOrLinkChange'
  /** Links the RFC to the backlog release of its service. */
  | 'linkToBacklogRelease'
  /** Removes the RFC from the backlog release of its service. */
  | 'unlinkFromBacklogRelease'
  /** The change's outcome becomes `successful` (an RFC fulfilled by a release). */
  | 'setOutcomeSuccessful'
  /** Returns the RFCs of the release to the backlog release of their service (when the CAB defined the release). */
  | 'returnRfcsToBacklog'
  /** Returns the RFCs the release did not fulfil to the backlog release of their service. */
  | 'returnUnmetRfcsToBacklog'
  /** Informs the requesters of every RFC of the release. */
  | 'notifyRequesters'
  /** Tells the CAB of the service, offering to bring its next meeting forward. */
  | 'notifyCab'
  /** Release close: records the post-implementation review's suggestions and sends them to the service owner and the change coordinators of the plan. */
  | 'publishReview'
  /** Closing a change of a release plan adds an update (its outcome) to the release's history and tells the release's coordinating group. */
  | 'reportToRelease'
  /** When this was the service's last active SLA, the service is marked discontinued. */
  | 'markServiceDiscontinuedIfLast';

/**
 * One allowed move of a record from one state to another.
 *
 * @public
 */
export interface TransitionDef {
  from: string;
  to: string;
  /** Machine-readable verb, e.g. `resolve`, `send_back`, `cancel`. */
  action: string;
  /** Button label shown to people, e.g. `Resolve`. */
  label: string;
  /** Conditions the server checks; all must hold. */
  guards: readonly GuardName[];
  /** The request must carry a non-empty reason (rejects, send-backs, cancels, ...). */
  requiresReason: boolean;
  /** Fields the transition body must carry, e.g. `resolutionCode`. */
  requiredFields?: readonly string[];
  /**
   * Fields the transition body may carry, e.g. `resolutionNotes` on an
   * incident resolve: the server takes them with this transition only, and
   * the transition dialog offers them. See {@link transitionBodyFields} for
   * everything a body may carry.
   */
  optionalFields?: readonly string[];
  /** Side effects the server applies with the transition; see {@link EffectName}. */
  effects?: readonly string[];
  /**
   * Who takes the transition: a caller acting in any one of these roles,
   * resolved for the record's affected entities (see `resolveEntityRole`).
   * The plugin's own sweeps act without a role.
   */
  roles: readonly ActorRole[];
}

/**
 * The state machine of one record type, as data.
 *
 * @public
 */
export interface StateMachineDef {
  recordType: ItsmRecordType;
  /** The state a new record starts in. */
  initial: string;
  /**
   * Further states a record may be created in, besides `initial`: the
   * release `backlog` (one standing placeholder record per service).
   */
  entryStates?: readonly string[];
  states: readonly string[];
  /** End states: no transitions leave these. */
  terminal: readonly string[];
  transitions: readonly TransitionDef[];
}
