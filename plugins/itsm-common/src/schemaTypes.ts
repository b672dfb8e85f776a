import type { z } from 'zod';
import type {
  approvalSchema,
  createChangeSchema,
  createIncidentSchema,
  createProblemSchema,
  createReleaseSchema,
  createSlaSchema,
  updateChangeSchema,
  updateIncidentSchema,
  updateProblemSchema,
  updateReleaseSchema,
  updateSlaSchema,
} from './schemas';

/* The request types that follow from the schemas of ./schemas. */

/** @public */
export type CreateIncidentInput = z.infer<typeof createIncidentSchema>;
/** @public */
export type UpdateIncidentInput = z.infer<typeof updateIncidentSchema>;
/** @public */
export type CreateProblemInput = z.infer<typeof createProblemSchema>;
/** @public */
export type UpdateProblemInput = z.infer<typeof updateProblemSchema>;
/** @public */
export type CreateChangeInput = z.infer<typeof createChangeSchema>;
/** @public */
export type UpdateChangeInput = z.infer<typeof updateChangeSchema>;
/** @public */
export type CreateReleaseInput = z.infer<typeof createReleaseSchema>;
/** @public */
export type UpdateReleaseInput = z.infer<typeof updateReleaseSchema>;
/** @public */
export type CreateSlaInput = z.infer<typeof createSlaSchema>;
/** @public */
export type UpdateSlaInput = z.infer<typeof updateSlaSchema>;
/** @public */
export type ApprovalRequest = z.infer<typeof approvalSchema>;
