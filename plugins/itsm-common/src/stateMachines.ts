import { ITSM_RECORD_TYPE_INFO, ItsmRecordType } from './recordTypes';

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
  /** A standard change may not be scheduled inside a freeze window (a normal one needs a freeze exception approval instead). */
  | 'outsideFreeze'
  /** The change is of type `emergency`. */
  | 'emergencyChange'
  /** The emergency was ordered by the service owner (or on-duty manager) of the affected service and the change is linked to the incident it fixes. */
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
  /** SLA draft -> active: both the customer representative's and the service owner's signature are recorded, each naming a person. */
  | 'bothSignatures'
  /** A release cannot finish coordination, be cancelled mid-coordination or close while one of its changes is open. */
  | 'allChangesClosed'
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
  /** Side effects the server applies with the transition; see {@link EffectName}. */
  effects?: readonly string[];
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

interface TransitionSpec {
  action: string;
  label: string;
  guards?: readonly GuardName[];
  reason?: boolean;
  fields?: readonly string[];
  effects?: readonly EffectName[];
}

function t(from: string, to: string, spec: TransitionSpec): TransitionDef {
  const def: TransitionDef = {
    from,
    to,
    action: spec.action,
    label: spec.label,
    guards: spec.guards ?? [],
    requiresReason: spec.reason ?? false,
  };
  if (spec.fields) def.requiredFields = spec.fields;
  if (spec.effects) def.effects = spec.effects;
  return def;
}

function cancel(from: string, extra: Partial<TransitionSpec> = {}) {
  return t(from, 'cancelled', {
    action: 'cancel',
    label: 'Cancel',
    reason: true,
    ...extra,
  });
}

// ---------------------------------------------------------------------------
// Incident

/**
 * Incident states in which the incident is open: its SLA clocks exist and
 * run, except while it is {@link INCIDENT_PENDING_STATE}.
 *
 * @public
 */
export const INCIDENT_OPEN_STATES = [
  'new',
  'assigned',
  'in_progress',
  'pending',
] as const;

/**
 * The incident state that waits on the requester or a supplier; it pauses
 * the SLA clocks.
 *
 * @public
 */
export const INCIDENT_PENDING_STATE = 'pending';

/**
 * Tells whether the SLA clocks of an incident in this state are running
 * (open and not pending). Only service hours count; that is the clock's job.
 *
 * @public
 */
export function isSlaClockRunning(incidentState: string): boolean {
  return (
    incidentState !== INCIDENT_PENDING_STATE &&
    (INCIDENT_OPEN_STATES as readonly string[]).includes(incidentState)
  );
}

const incidentResolve: TransitionSpec = {
  action: 'resolve',
  label: 'Resolve',
  guards: ['changeGate'],
  fields: ['resolutionCode'],
  effects: ['notifyRequester'],
};

/**
 * Incident: restore service fast.
 *
 * @public
 */
export const INCIDENT_MACHINE: StateMachineDef = {
  recordType: 'incidents',
  initial: 'new',
  states: [
    'new',
    'assigned',
    'in_progress',
    'pending',
    'resolved',
    'closed',
    'cancelled',
  ],
  terminal: ['closed', 'cancelled'],
  transitions: [
    t('new', 'assigned', {
      action: 'assign',
      label: 'Assign',
      guards: ['hasAssignmentGroup'],
    }),
    t('new', 'resolved', incidentResolve),
    cancel('new'),
    t('assigned', 'in_progress', {
      action: 'start',
      label: 'Start work',
      effects: ['assignActorIfUnassigned'],
    }),
    t('assigned', 'new', {
      action: 'send_back',
      label: 'Send back',
      reason: true,
      effects: ['incrementSendBackCount', 'clearAssignment'],
    }),
    cancel('assigned'),
    t('in_progress', 'pending', {
      action: 'pend',
      label: 'Set pending',
      reason: true,
    }),
    t('in_progress', 'resolved', incidentResolve),
    cancel('in_progress'),
    t('pending', 'in_progress', { action: 'resume', label: 'Resume' }),
    cancel('pending'),
    t('resolved', 'closed', { action: 'close', label: 'Close' }),
    t('resolved', 'assigned', {
      action: 'reopen',
      label: 'Reopen',
      reason: true,
      effects: ['incrementReopenCount'],
    }),
  ],
};

// ---------------------------------------------------------------------------
// Problem

/**
 * Problem: remove the root cause.
 *
 * @public
 */
export const PROBLEM_MACHINE: StateMachineDef = {
  recordType: 'problems',
  initial: 'new',
  states: [
    'new',
    'under_investigation',
    'root_cause_known',
    'known_error',
    'resolved',
    'closed',
    'impasse',
  ],
  terminal: ['closed'],
  transitions: [
    t('new', 'under_investigation', {
      action: 'start',
      label: 'Start investigation',
    }),
    t('under_investigation', 'root_cause_known', {
      action: 'record_root_cause',
      label: 'Root cause found',
      fields: ['rootCause'],
    }),
    t('under_investigation', 'impasse', {
      action: 'declare_impasse',
      label: 'Declare impasse',
      reason: true,
    }),
    t('root_cause_known', 'known_error', {
      action: 'raise_known_error',
      label: 'Raise known error',
      effects: ['createOrLinkChange'],
    }),
    t('root_cause_known', 'resolved', {
      action: 'resolve',
      label: 'Resolve without change',
      guards: ['changeGate'],
    }),
    t('root_cause_known', 'under_investigation', {
      action: 'send_back',
      label: 'Send analysis back',
      reason: true,
      effects: ['incrementSendBackCount'],
    }),
    t('root_cause_known', 'impasse', {
      action: 'declare_impasse',
      label: 'Declare impasse',
      reason: true,
    }),
    t('known_error', 'resolved', {
      action: 'resolve',
      label: 'Resolve',
      guards: ['linkedChangeExists', 'linkedChangeSuccessful'],
    }),
    t('known_error', 'under_investigation', {
      action: 'reinvestigate',
      label: 'Reinvestigate',
      reason: true,
    }),
    t('resolved', 'closed', {
      action: 'close',
      label: 'Verify and close',
      guards: ['linkedChangeSuccessful'],
    }),
    t('impasse', 'under_investigation', {
      action: 're_review',
      label: 'Re-review',
    }),
  ],
};

// ---------------------------------------------------------------------------
// Change

/**
 * The outcomes a closed change may have.
 *
 * @public
 */
export const CHANGE_OUTCOMES = ['successful', 'failed', 'backed_out'] as const;

/** @public */
export type ChangeOutcome = (typeof CHANGE_OUTCOMES)[number];

/**
 * Tells whether a value is a change outcome (the `outcomeGiven` guard).
 *
 * @public
 */
export function isChangeOutcome(value: unknown): value is ChangeOutcome {
  return (
    typeof value === 'string' &&
    (CHANGE_OUTCOMES as readonly string[]).includes(value)
  );
}

/**
 * Change (request for change, RFC).
 *
 * @public
 */
export const CHANGE_MACHINE: StateMachineDef = {
  recordType: 'changes',
  initial: 'draft',
  states: [
    'draft',
    'review',
    'planning',
    'approval',
    'scheduled',
    'implementing',
    'verifying',
    'closed',
    'rejected',
    'cancelled',
    'in_release',
  ],
  terminal: ['closed', 'rejected', 'cancelled'],
  transitions: [
    t('draft', 'review', {
      action: 'submit',
      label: 'Submit for review',
      guards: ['notEmergency'],
    }),
    t('draft', 'implementing', {
      action: 'implement_emergency',
      label: 'Implement emergency change',
      guards: ['emergencyChange', 'emergencyAuthorised'],
    }),
    cancel('draft'),
    t('review', 'planning', {
      action: 'register',
      label: 'Register for planning',
    }),
    t('review', 'in_release', {
      action: 'hand_to_release',
      label: 'Hand to release management',
      guards: ['notStandard'],
      effects: ['linkToBacklogRelease'],
    }),
    t('review', 'rejected', {
      action: 'reject',
      label: 'Reject',
      guards: ['notStandard'],
      reason: true,
      effects: ['notifyRequester'],
    }),
    cancel('review'),
    t('in_release', 'review', {
      action: 'pass_back',
      label: 'Pass back to change management',
      reason: true,
      effects: ['unlinkFromBacklogRelease'],
    }),
    t('in_release', 'rejected', {
      action: 'reject',
      label: 'Reject (CAB)',
      guards: ['cabRejected'],
      reason: true,
      effects: ['notifyRequester'],
    }),
    t('in_release', 'closed', {
      action: 'fulfil',
      label: 'Close as fulfilled',
      guards: ['releaseFulfilled'],
      effects: ['setOutcomeSuccessful', 'notifyRequester'],
    }),
    cancel('in_release', { effects: ['unlinkFromBacklogRelease'] }),
    t('planning', 'approval', {
      action: 'request_approval',
      label: 'Request approval',
      guards: ['planComplete'],
      effects: ['startNewApprovalRound'],
    }),
    t('planning', 'scheduled', {
      action: 'schedule',
      label: 'Schedule (pre-approved)',
      guards: ['standardPreApproved', 'planComplete', 'outsideFreeze'],
    }),
    cancel('planning'),
    t('approval', 'scheduled', {
      action: 'schedule',
      label: 'Schedule',
      guards: ['approvalsComplete'],
    }),
    t('approval', 'planning', {
      action: 'send_back',
      label: 'Send back to planning',
      reason: true,
      effects: ['supersedeApprovals', 'incrementSendBackCount'],
    }),
    t('approval', 'rejected', {
      action: 'reject',
      label: 'Reject',
      reason: true,
      effects: ['notifyRequester'],
    }),
    cancel('approval'),
    t('scheduled', 'approval', {
      action: 'request_reapproval',
      label: 'Request re-approval',
      reason: true,
      effects: ['supersedeApprovals', 'startNewApprovalRound'],
    }),
    t('scheduled', 'implementing', {
      action: 'start',
      label: 'Start implementation',
    }),
    cancel('scheduled'),
    t('implementing', 'verifying', {
      action: 'complete',
      label: 'Implementation done',
    }),
    t('verifying', 'implementing', {
      action: 'rework',
      label: 'Back to implementation',
      reason: true,
    }),
    t('verifying', 'closed', {
      action: 'close',
      label: 'Close',
      guards: ['outcomeGiven', 'catalogUpdateDone', 'retroactiveApproval'],
      fields: ['outcome'],
      effects: [
        'notifyRequesterAndApprovers',
        'notifyLinkedProblems',
        'notifyAuthoriser',
      ],
    }),
  ],
};

// ---------------------------------------------------------------------------
// Release

/**
 * The state of the standing backlog release of a service. A backlog record
 * is created in this state (see {@link StateMachineDef.entryStates}) and
 * never leaves it.
 *
 * @public
 */
export const RELEASE_BACKLOG_STATE = 'backlog';

/**
 * Release: bundle RFCs into a coordinated delivery.
 *
 * @public
 */
export const RELEASE_MACHINE: StateMachineDef = {
  recordType: 'releases',
  initial: 'defined',
  entryStates: [RELEASE_BACKLOG_STATE],
  states: [
    RELEASE_BACKLOG_STATE,
    'defined',
    'justification',
    'coordinating',
    'reviewing',
    'closed',
    'cancelled',
  ],
  terminal: ['closed', 'cancelled'],
  transitions: [
    t('defined', 'justification', {
      action: 'submit_business_case',
      label: 'Submit business case',
    }),
    t('defined', 'coordinating', {
      action: 'start_coordination',
      label: 'Start coordination (within budget)',
      guards: ['withinBudget'],
    }),
    cancel('defined', { effects: ['returnRfcsToBacklog'] }),
    t('justification', 'coordinating', {
      action: 'approve',
      label: 'Approve business case',
      guards: ['notProposer'],
    }),
    t('justification', 'defined', {
      action: 'send_back',
      label: 'Return business case for adjustment',
      reason: true,
    }),
    t('justification', 'cancelled', {
      action: 'reject',
      label: 'Reject business case',
      reason: true,
      effects: ['returnRfcsToBacklog', 'notifyRequesters', 'notifyCab'],
    }),
    t('coordinating', 'reviewing', {
      action: 'complete',
      label: 'Start post-implementation review',
      guards: ['allChangesClosed'],
      effects: ['returnUnmetRfcsToBacklog', 'notifyRequesters'],
    }),
    cancel('coordinating', {
      guards: ['allChangesClosed'],
      effects: ['returnRfcsToBacklog'],
    }),
    t('reviewing', 'closed', {
      action: 'close',
      label: 'Close',
      guards: ['allChangesClosed'],
    }),
  ],
};

// ---------------------------------------------------------------------------
// SLA

/**
 * Service level agreement (also used for OLAs).
 *
 * @public
 */
export const SLA_MACHINE: StateMachineDef = {
  recordType: 'slas',
  initial: 'draft',
  states: ['draft', 'active', 'declined', 'expired', 'terminated'],
  terminal: ['declined', 'expired', 'terminated'],
  transitions: [
    t('draft', 'active', {
      action: 'activate',
      label: 'Activate',
      guards: ['bothSignatures'],
    }),
    t('draft', 'declined', {
      action: 'decline',
      label: 'Decline',
      reason: true,
    }),
    t('active', 'expired', { action: 'expire', label: 'Mark expired' }),
    t('active', 'terminated', {
      action: 'terminate',
      label: 'Terminate',
      reason: true,
      effects: ['markServiceDiscontinuedIfLast'],
    }),
  ],
};

/**
 * The state machine of every record type.
 *
 * @public
 */
export const STATE_MACHINES: Record<ItsmRecordType, StateMachineDef> = {
  incidents: INCIDENT_MACHINE,
  problems: PROBLEM_MACHINE,
  changes: CHANGE_MACHINE,
  releases: RELEASE_MACHINE,
  slas: SLA_MACHINE,
};

// ---------------------------------------------------------------------------
// Queries

/**
 * The transitions that leave `from`, in declaration order; empty for unknown
 * and terminal states.
 *
 * @public
 */
export function allowedTransitions(
  type: ItsmRecordType,
  from: string,
): TransitionDef[] {
  return STATE_MACHINES[type].transitions.filter(tr => tr.from === from);
}

/**
 * The transition from `from` to `to`, if the machine has one.
 *
 * @public
 */
export function findTransition(
  type: ItsmRecordType,
  from: string,
  to: string,
): TransitionDef | undefined {
  return STATE_MACHINES[type].transitions.find(
    tr => tr.from === from && tr.to === to,
  );
}

/**
 * Tells whether no transition leaves `state` because the record has ended.
 *
 * @public
 */
export function isTerminalState(type: ItsmRecordType, state: string): boolean {
  return STATE_MACHINES[type].terminal.includes(state);
}

/**
 * Tells whether `state` is a state of the record type's machine.
 *
 * @public
 */
export function isKnownState(type: ItsmRecordType, state: string): boolean {
  return STATE_MACHINES[type].states.includes(state);
}

/**
 * Explains why a transition is not allowed, naming the allowed targets; used
 * for 409 answers. Never throws.
 *
 * @example
 * `Cannot move INC from 'new' to 'closed'; allowed: assigned, resolved, cancelled`
 *
 * @public
 */
export function describeIllegalTransition(
  type: ItsmRecordType,
  from: string,
  to: string,
): string {
  const prefix = ITSM_RECORD_TYPE_INFO[type]?.keyPrefix ?? String(type);
  const machine = STATE_MACHINES[type];
  const head = `Cannot move ${prefix} from '${from}' to '${to}'`;
  if (!machine) return head;
  if (!machine.states.includes(from)) {
    return `${head}; '${from}' is not a state of ${prefix}`;
  }
  if (!machine.states.includes(to)) {
    return `${head}; '${to}' is not a state of ${prefix} (states: ${machine.states.join(
      ', ',
    )})`;
  }
  const targets = allowedTransitions(type, from).map(tr => tr.to);
  if (targets.length === 0) {
    return machine.terminal.includes(from)
      ? `${head}; '${from}' is a final state`
      : `${head}; no transition leaves '${from}'`;
  }
  return `${head}; allowed: ${targets.join(', ')}`;
}

// ---------------------------------------------------------------------------
// Documentation

/**
 * Renders a machine as a mermaid `stateDiagram-v2`. Each arrow is labelled
 * with the button label and, in brackets, its guards. `docs/state-machines.md`
 * holds this output verbatim (a test keeps it so).
 *
 * @public
 */
export function toMermaid(machine: StateMachineDef): string {
  const lines = ['stateDiagram-v2'];
  for (const entry of [machine.initial, ...(machine.entryStates ?? [])]) {
    lines.push(`    [*] --> ${entry}`);
  }
  for (const tr of machine.transitions) {
    const guards = tr.guards.length > 0 ? ` [${tr.guards.join(', ')}]` : '';
    lines.push(`    ${tr.from} --> ${tr.to}: ${tr.label}${guards}`);
  }
  for (const end of machine.terminal) {
    lines.push(`    ${end} --> [*]`);
  }
  return lines.join('\n');
}

/**
 * Renders the transitions of a machine as a markdown table (from, to,
 * action, label, guards, reason, required fields, effects).
 * `docs/state-machines.md` holds this output verbatim (a test keeps it so).
 *
 * @public
 */
export function toTransitionTable(machine: StateMachineDef): string {
  const code = (items: readonly string[] | undefined) =>
    items && items.length > 0 ? items.map(i => `\`${i}\``).join(', ') : '–';
  const lines = [
    '| From | To | Action | Label | Guards | Reason | Required fields | Effects |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const tr of machine.transitions) {
    lines.push(
      `| ${tr.from} | ${tr.to} | \`${tr.action}\` | ${tr.label} | ${code(
        tr.guards,
      )} | ${tr.requiresReason ? 'yes' : 'no'} | ${code(
        tr.requiredFields,
      )} | ${code(tr.effects)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Guards that depend only on fields of the record itself, so a client can
 * tell in advance that they fail (the server checks every guard anyway).
 */
const STATIC_GUARDS: Partial<
  Record<GuardName, (record: Record<string, unknown>) => boolean>
> = {
  emergencyChange: r => r.changeType === 'emergency',
  emergencyAuthorised: r => r.changeType === 'emergency',
  notEmergency: r => r.changeType !== 'emergency',
  notStandard: r => r.changeType !== 'standard',
  standardPreApproved: r => r.changeType === 'standard',
  withinBudget: r => r.withinBudget === true,
};

/**
 * The transitions a record may take from its state whose record-only guards
 * hold: what a UI should offer (e.g. no "Implement emergency change" on a
 * normal change). Guards that need other records or the caller are left to
 * the server.
 *
 * @public
 */
export function availableTransitions(
  type: ItsmRecordType,
  record: { state: string } & Record<string, unknown>,
): TransitionDef[] {
  return allowedTransitions(type, record.state).filter(transition =>
    transition.guards.every(g => STATIC_GUARDS[g]?.(record) ?? true),
  );
}
