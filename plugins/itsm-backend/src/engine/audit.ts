import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/**
 * Runs a write as an auditor event: `initiated`, then `succeeded` (with the
 * meta `successMeta` derives from the result) or `failed` with the error.
 */
export async function withAudit<T>(
  auditor: AuditorService | undefined,
  event: { eventId: string; meta?: Record<string, string | undefined> },
  fn: () => Promise<T>,
  successMeta?: (result: T) => JsonObject | undefined,
): Promise<T> {
  const meta = Object.fromEntries(
    Object.entries(event.meta ?? {}).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  const audit = await auditor?.createEvent({
    eventId: event.eventId,
    severityLevel: 'medium',
    meta,
  });
  try {
    const result = await fn();
    const extra = successMeta?.(result);
    await audit?.success(extra ? { meta: extra } : undefined);
    return result;
  } catch (error) {
    await audit?.fail({ error: error as Error });
    throw error;
  }
}
