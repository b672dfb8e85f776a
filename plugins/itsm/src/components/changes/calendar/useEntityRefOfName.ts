import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useCallback } from 'react';

/** A catalog entity for what someone typed: its ref, or why there is none. */
export interface EntityRefOfName {
  ref?: string;
  error?: string;
}

/**
 * Resolves what someone typed as an entity: a ref (`kind:namespace/name`,
 * `kind:name`) is taken as it is; a plain name (`checkout-web`) is looked
 * up in the catalog and taken when exactly one entity has it, else refused
 * with a message naming the candidates.
 */
export function useEntityRefOfName(): (
  input: string,
) => Promise<EntityRefOfName> {
  // Looked up, not required: without a catalog a plain name is refused.
  const catalogApi = useApiHolder().get(catalogApiRef);
  return useCallback(
    async (input: string) => {
      const text = input.trim();
      if (text.includes(':')) return { ref: text };
      if (!catalogApi) {
        return {
          error: `Enter "${text}" as an entity ref (kind:namespace/name); the catalog is not available to look it up`,
        };
      }
      try {
        const { items } = await catalogApi.getEntities({
          filter: { 'metadata.name': text },
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        });
        const refs = items.map(e => stringifyEntityRef(e));
        if (refs.length === 1) return { ref: refs[0] };
        if (refs.length === 0)
          return { error: `No catalog entity is named "${text}"` };
        return {
          error: `"${text}" names ${refs.length} entities: ${refs
            .slice(0, 5)
            .join(', ')}; enter one of them`,
        };
      } catch (e) {
        return {
          error: `Could not look up "${text}" in the catalog: ${
            (e as Error).message
          }`,
        };
      }
    },
    [catalogApi],
  );
}
