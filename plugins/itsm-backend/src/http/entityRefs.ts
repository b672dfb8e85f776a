import { InputError } from '@backstage/errors';
import { entityRefSchema } from '@backstage-itsm/plugin-itsm-common';

/**
 * The entity refs of a query parameter in their canonical form
 * (`kind:namespace/name`, lower case, default namespace filled in). The
 * validator has checked that they are non-empty strings; whether they parse as
 * entity refs is beyond what the document can say.
 */
export function entityRefsOf(
  values: readonly string[] | undefined,
  name = 'entityRef',
): string[] | undefined {
  return values?.map(value => {
    const parsed = entityRefSchema.safeParse(value);
    if (!parsed.success) {
      throw new InputError(
        `${name}: "${value}" is not an entity ref of the form kind:namespace/name`,
      );
    }
    return parsed.data;
  });
}
