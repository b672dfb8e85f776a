import { z } from 'zod';

/**
 * Turns a zod error into one sentence that names each bad field, e.g.
 * `entityRefs.0: "x" is not an entity ref ...; impact: Required`.
 *
 * @public
 */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map(issue => {
      if (issue.code === z.ZodIssueCode.unrecognized_keys) {
        const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
        return `${where}unknown or read-only field(s) ${issue.keys
          .map(k => `"${k}"`)
          .join(', ')}`;
      }
      const field = issue.path.length ? issue.path.join('.') : 'body';
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}
