import { ResponseError } from '@backstage/errors';

/** The HTTP status of a failed API call, when it has one. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof ResponseError) return error.statusCode;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The server's message of a failed API call (`error.body.error.message` of a
 * ResponseError), else the error's own message.
 */
export function messageOf(error: unknown): string {
  const body = (error as { body?: { error?: { message?: unknown } } })?.body;
  const serverMessage = body?.error?.message;
  if (typeof serverMessage === 'string' && serverMessage) return serverMessage;
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

/** Tells whether a failed call was refused as a conflict (409). */
export function isConflict(error: unknown): boolean {
  return statusOf(error) === 409;
}

/**
 * Splits a server validation message (`impact: Invalid enum value; title:
 * is required`) into messages per field path; parts that name no field
 * stay in `general`.
 */
export function splitFieldMessages(message: string): {
  fields: Array<{ path: string; message: string }>;
  general: string[];
} {
  const fields: Array<{ path: string; message: string }> = [];
  const general: string[] = [];
  for (const part of message.split('; ')) {
    const match = /^([A-Za-z][\w]*(?:\.[\w]+)*): (.+)$/s.exec(part.trim());
    if (match) fields.push({ path: match[1], message: match[2] });
    else if (part.trim()) general.push(part.trim());
  }
  return { fields, general };
}
