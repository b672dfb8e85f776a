import { z } from 'zod';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { LEVELS, PRIORITIES } from './priority';
import { CHANGE_OUTCOMES } from './stateMachines';
import { slaTargetProblems } from './rules/slaTargets';
import { COMMENT_VISIBILITIES } from './roles/comments';

/**
 * Input schemas of the ITSM API. The backend validates every request body
 * with them, and the frontend forms run the same schemas before sending, so
 * both sides say the same thing about bad input. Field names in messages are
 * the JSON field names.
 *
 * Objects are `.strict()`: an unknown or protected field (state, key,
 * priority, version bumps, createdBy ...) is an error, never ignored.
 */

/** Longest title, in characters. @public */
export const MAX_TITLE_LENGTH = 200;
/** Longest markdown text field (description, plans, comments), in characters. @public */
export const MAX_TEXT_LENGTH = 20000;
/** Most catalog entities one record may point at. @public */
export const MAX_ENTITY_REFS = 50;

/**
 * A string without the NUL character (`\u0000`), which PostgreSQL cannot
 * store in text: every string of a body is one, so that a NUL is a 400
 * naming the field rather than a database error.
 */
// eslint-disable-next-line no-control-regex
const NO_NUL = /^[^\u0000]*$/;
const NUL_MESSAGE = 'must not contain the NUL character (\\u0000)';
const str = () => z.string().regex(NO_NUL, NUL_MESSAGE);

const text = (max = MAX_TEXT_LENGTH) => str().max(max);

/**
 * A catalog entity ref, normalised to `kind:namespace/name` in lower case.
 * Kind is required: `component:payments-api` gets the default namespace.
 *
 * @public
 */
export const entityRefSchema = str().transform((value, ctx) => {
  try {
    const ref = parseEntityRef(value.trim());
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  } catch {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `"${value}" is not an entity ref of the form kind:namespace/name`,
    });
    return z.NEVER;
  }
});

/** A user entity ref (`user:default/jane`). @public */
export const userRefSchema = entityRefSchema.pipe(
  z.string().refine(ref => ref.startsWith('user:'), {
    message: 'must be a user entity ref (user:namespace/name)',
  }),
);

/** A group entity ref (`group:default/payments-team`). @public */
export const groupRefSchema = entityRefSchema.pipe(
  z.string().refine(ref => ref.startsWith('group:'), {
    message: 'must be a group entity ref (group:namespace/name)',
  }),
);

const entityRefsSchema = z
  .array(entityRefSchema)
  .min(1, 'at least one catalog entity is required')
  .max(MAX_ENTITY_REFS)
  .transform(refs => Array.from(new Set(refs)));

/** ISO 8601 date-time with offset, e.g. 2026-11-24T10:00:00Z. @public */
export const dateTimeSchema = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

const levelSchema = z.enum(LEVELS);

/** @public */
export const OUTAGE_KINDS = ['down', 'degraded'] as const;

const outageSchema = z
  .object({
    kind: z.enum(OUTAGE_KINDS),
    start: dateTimeSchema,
    end: dateTimeSchema.nullable().optional(),
  })
  .strict()
  .refine(o => !o.end || Date.parse(o.end) >= Date.parse(o.start), {
    message: 'end must not be before start',
    path: ['end'],
  });

/** @public */
export const INCIDENT_SERVICE_TYPES = [
  'user_restoration',
  'infrastructure_restoration',
  'infrastructure_event',
  'request',
] as const;

/**
 * The three conditions of the change gate (model file, Incident): a fix that
 * meets any of them may not be resolved without change management.
 *
 * @public
 */
export const changeGateSchema = z
  .object({
    disruptsService: z.boolean().default(false),
    changesFunctionality: z.boolean().default(false),
    requiresCmdbUpdate: z.boolean().default(false),
  })
  .strict();

/** @public */
export type ChangeGate = z.infer<typeof changeGateSchema>;

const incidentFields = {
  category: text(100).optional(),
  serviceType: z.enum(INCIDENT_SERVICE_TYPES).optional(),
  impact: levelSchema,
  urgency: levelSchema,
  assignedGroup: groupRefSchema.nullable().optional(),
  assignee: userRefSchema.nullable().optional(),
  outage: outageSchema.nullable().optional(),
  major: z.boolean().optional(),
  changeGate: changeGateSchema.optional(),
  /** Key of the change that caused the incident (counts in that change's risk history). */
  causedByChange: z
    .string()
    .regex(/^CHG-\d+$/i, 'must be a change key like CHG-12')
    .transform(k => k.toUpperCase())
    .nullable()
    .optional(),
};

const commonCreate = {
  title: str().trim().min(1, 'is required').max(MAX_TITLE_LENGTH),
  description: text().optional(),
  entityRefs: entityRefsSchema,
};

/** @public */
export const createIncidentSchema = z
  // onBehalfOf: the caller of the service desk, the incident's requester.
  .object({ ...commonCreate, ...incidentFields, onBehalfOf: userRefSchema })
  .partial({ onBehalfOf: true })
  .strict();

const problemFields = {
  category: text(100).optional(),
  assignedGroup: groupRefSchema.nullable().optional(),
  assignee: userRefSchema.nullable().optional(),
  workaround: text().optional(),
  rootCause: text().optional(),
  candidateSolutions: z.array(text(2000)).max(20).optional(),
  recommendation: text().optional(),
};

/** @public */
export const createProblemSchema = z
  .object({
    ...commonCreate,
    ...problemFields,
    /** The incident the problem is registered from: linked to it on creation. */
    incidentKey: z
      .string()
      .max(40)
      .regex(/^INC-\d+$/i, 'must be an incident key like INC-12')
      .transform(k => k.toUpperCase())
      .optional(),
  })
  .strict();

/** @public */
export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
/** @public */
export const SERVICE_IMPACTS = ['none', 'degraded', 'unavailable'] as const;
/** @public */
export const CHANGE_TASK_KINDS = [
  'availability_design',
  'cmdb_update',
  'sla_update',
  'capacity_update',
  'other',
] as const;

const changeTaskSchema = z
  .object({
    kind: z.enum(CHANGE_TASK_KINDS),
    title: str().trim().min(1).max(MAX_TITLE_LENGTH),
    done: z.boolean().default(false),
  })
  .strict();

const changeFields = {
  category: text(100).optional(),
  assignedGroup: groupRefSchema.nullable().optional(),
  assignee: userRefSchema.nullable().optional(),
  plannedStart: dateTimeSchema.nullable().optional(),
  plannedEnd: dateTimeSchema.nullable().optional(),
  implementationPlan: text().optional(),
  testPlan: text().optional(),
  backoutPlan: text().optional(),
  serviceImpact: z.enum(SERVICE_IMPACTS).optional(),
  functionalChange: z.boolean().optional(),
  cmdbUpdate: z.boolean().optional(),
  tasks: z.array(changeTaskSchema).max(50).optional(),
};

function windowIsOrdered(v: {
  plannedStart?: string | null;
  plannedEnd?: string | null;
}) {
  return (
    !v.plannedStart ||
    !v.plannedEnd ||
    Date.parse(v.plannedEnd) > Date.parse(v.plannedStart)
  );
}
const windowMessage = {
  message: 'plannedEnd must be after plannedStart',
  path: ['plannedEnd'],
};

/** @public */
export const createChangeSchema = z
  .object({
    ...commonCreate,
    ...changeFields,
    changeType: z.enum(CHANGE_TYPES),
    /** Standard changes name their template (itsm.changes.standardTemplates). */
    template: str().max(100).optional(),
    /** Emergency changes name the incident they fix (INC-12). */
    incidentKey: str().max(40).optional(),
  })
  .strict()
  .refine(windowIsOrdered, windowMessage)
  .refine(v => v.changeType !== 'standard' || !!v.template, {
    message: 'a standard change must name its template',
    path: ['template'],
  })
  .refine(v => v.changeType !== 'emergency' || !!v.incidentKey, {
    message: 'an emergency change must name the incident it fixes',
    path: ['incidentKey'],
  });

const releaseFields = {
  assignedGroup: groupRefSchema.nullable().optional(),
  targetDate: dateTimeSchema.nullable().optional(),
  withinBudget: z.boolean().optional(),
  summary: text().optional(),
};

/** @public */
export const createReleaseSchema = z
  .object({
    ...commonCreate,
    ...releaseFields,
    /** A backlog release is the per-service placeholder for RFCs handed to release management. */
    backlog: z.boolean().optional(),
  })
  .strict();

const perPrioritySchema = z
  .object(
    Object.fromEntries(
      PRIORITIES.map(p => [p, z.number().int().positive().max(525600)]),
    ) as Record<(typeof PRIORITIES)[number], z.ZodNumber>,
  )
  .strict();

/** @public */
export const slaTargetsSchema = z
  .object({
    availabilityPercent: z.number().min(0).max(100),
    responseMinutes: perPrioritySchema,
    resolutionMinutes: perPrioritySchema,
    maxOutages: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((targets, ctx) => {
    for (const problem of slaTargetProblems(targets)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: problem.path,
        message: problem.message,
      });
    }
  });

/** @public */
export const SLA_TERMS = ['monthly', 'quarterly'] as const;

const slaFields = {
  customerGroup: groupRefSchema,
  serviceOwnerGroup: groupRefSchema,
  targets: slaTargetsSchema,
  calendar: str().min(1).max(100).optional(),
  term: z.enum(SLA_TERMS).optional(),
  /** Whether a degraded outage beyond a resolution target escalates too (default false). */
  escalateDegraded: z.boolean().optional(),
};

/** @public */
export const createSlaSchema = z
  .object({ ...commonCreate, ...slaFields })
  .strict();

function updateSchema<T extends z.ZodRawShape>(fields: T) {
  return z
    .object({
      version: z.number().int().positive(),
      title: commonCreate.title.optional(),
      description: text().optional(),
      entityRefs: entityRefsSchema.optional(),
      ...fields,
    })
    .strict();
}

/** @public */
export const updateIncidentSchema = updateSchema({
  ...incidentFields,
  impact: levelSchema.optional(),
  urgency: levelSchema.optional(),
});
/** @public */
export const updateProblemSchema = updateSchema(problemFields);
/** @public */
export const updateChangeSchema = updateSchema(changeFields).refine(
  windowIsOrdered,
  windowMessage,
);
/** @public */
export const updateReleaseSchema = updateSchema(releaseFields);
/** @public */
export const updateSlaSchema = updateSchema({
  customerGroup: slaFields.customerGroup.optional(),
  serviceOwnerGroup: slaFields.serviceOwnerGroup.optional(),
  targets: slaFields.targets.optional(),
  calendar: slaFields.calendar,
  term: slaFields.term,
  escalateDegraded: slaFields.escalateDegraded,
});

/** The create schema of every record type. @public */
export const CREATE_SCHEMAS = {
  incidents: createIncidentSchema,
  problems: createProblemSchema,
  changes: createChangeSchema,
  releases: createReleaseSchema,
  slas: createSlaSchema,
} as const;

/** The update (PATCH) schema of every record type. @public */
export const UPDATE_SCHEMAS = {
  incidents: updateIncidentSchema,
  problems: updateProblemSchema,
  changes: updateChangeSchema,
  releases: updateReleaseSchema,
  slas: updateSlaSchema,
} as const;

/** @public */
export const RESOLUTION_CODES = [
  'fixed',
  'workaround',
  'known_error',
  'no_fault_found',
  'duplicate',
  'user_error',
] as const;

/**
 * Body of `POST /<type>/:key/transitions`. Which of the optional fields a
 * transition needs is said by its `requiredFields` in the state machine.
 *
 * @public
 */
export const transitionSchema = z
  .object({
    to: str().min(1).max(40),
    version: z.number().int().positive(),
    reason: str().trim().min(1).max(MAX_TEXT_LENGTH).optional(),
    resolutionCode: z.enum(RESOLUTION_CODES).optional(),
    resolutionNotes: text().optional(),
    /**
     * Incident resolve: when its outage is still open, the outage ends at
     * this moment (not after now, not before the outage began); now when
     * absent.
     */
    outageEnd: dateTimeSchema.optional(),
    pendingReason: str().trim().min(1).max(2000).optional(),
    outcome: z.enum(CHANGE_OUTCOMES).optional(),
    assignedGroup: groupRefSchema.optional(),
    assignee: userRefSchema.optional(),
    changeGate: changeGateSchema.optional(),
    /** Problem "root cause found": the analysis result. */
    rootCause: str().trim().min(1).max(MAX_TEXT_LENGTH).optional(),
    /** Problem raising a known error: link this open change instead of creating an RFC. */
    changeKey: str().max(40).optional(),
    /**
     * Problem "verify and close": the evidence that the problem is solved
     * (the fix held, the incidents stopped); recorded with who and when.
     */
    verification: str().trim().min(1).max(MAX_TEXT_LENGTH).optional(),
    /**
     * Release "close": the improvement suggestions of the
     * post-implementation review, published to the service owner and the
     * change coordinators of the release plan.
     */
    suggestions: str().trim().min(1).max(MAX_TEXT_LENGTH).optional(),
    /**
     * Release "complete": the keys of its RFCs whose requirement it met;
     * they stay for closing as fulfilled, the others return to the backlog.
     */
    fulfilled: z.array(str().min(1).max(40)).max(500).optional(),
  })
  .strict();

/** @public */
export type TransitionRequest = z.infer<typeof transitionSchema>;

/** @public */
export const commentSchema = z
  .object({
    body: str().trim().min(1, 'is required').max(MAX_TEXT_LENGTH),
    visibility: z.enum(COMMENT_VISIBILITIES).optional(),
  })
  .strict();

/** @public */
export const linkSchema = z.object({ target: str().min(1).max(40) }).strict();

/** @public */
export const approvalSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: str().trim().min(1).max(MAX_TEXT_LENGTH).optional(),
    /** reject only: `planning` sends the change back to planning, `final` ends it. */
    rejection: z.enum(['planning', 'final']).optional(),
    /** The approver (group) the caller decides for; defaults to every pending one the caller belongs to. */
    approverRef: entityRefSchema.optional(),
  })
  .strict()
  .refine(a => a.decision === 'approve' || !!a.reason, {
    message: 'a rejection needs a reason',
    path: ['reason'],
  })
  .refine(a => a.decision === 'reject' || !a.rejection, {
    message: 'only a rejection has a rejection kind',
    path: ['rejection'],
  });

/**
 * The group coordinator's decision on an incident whose SLA target is in
 * danger or breached: reassign to another specialist (named), or urge the
 * specialist (no one named).
 *
 * @public
 */
export const escalationDecisionSchema = z
  .object({
    version: z.number().int().positive(),
    decision: z.enum(['reassign', 'urge']),
    assignee: str().min(1).max(300).pipe(userRefSchema).optional(),
    reason: str().trim().min(1).max(4000),
  })
  .strict()
  .refine(d => d.decision !== 'reassign' || !!d.assignee, {
    message: 'is required to reassign',
    path: ['assignee'],
  })
  .refine(d => d.decision !== 'urge' || !d.assignee, {
    message: 'only a reassignment names one',
    path: ['assignee'],
  });

/**
 * The service owner's (or on-duty manager's) acknowledgement of the
 * escalation of an incident's outage, with an optional note.
 *
 * @public
 */
export const escalationAcknowledgementSchema = z
  .object({
    note: str().trim().min(1).max(4000).optional(),
  })
  .strict();

/** @public */
export const signatureSchema = z
  .object({ role: z.enum(['customer', 'serviceOwner']) })
  .strict();
