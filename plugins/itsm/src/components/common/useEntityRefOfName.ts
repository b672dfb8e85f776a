import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useCallback } from 'react';

/** A catalog entity for what someone typed: its ref, or why there is none. */
export interface EntityRefOfName {
  ref?: string;
  error?: string;
}

/** How a message names an entity of a kind ("user", "catalog entity"). */
export const entityNoun = (kind?: string, plural = false) => {
  if (!kind) return plural ? 'entities' : 'catalog entity';
  const noun = kind.toLocaleLowerCase('en-US');
  return plural ? `${noun}s` : noun;
};

/**
 * Resolves what someone typed as an entity (of `kind`, when given): a ref
 * (`kind:namespace/name`, `kind:name`) is taken as it is; a plain name
 * (`checkout-web`) is looked up in the catalog and taken when exactly one
 * entity (of that kind) has it, else refused with a message naming the
 * candidates.
 */
export function useEntityRefOfName(
  kind?: string,
): (input: string) => Promise<EntityRefOfName> {
  // Looked up, not required: without a catalog a plain name is refused.
  const catalogApi = useApiHolder().get(catalogApiRef);
  return useCallback(
    async (input: string) => {
      const text = String(input ?? '').trim();
      if (text.includes(':')) return { ref: text };
      const example = kind
        ? `${kind.toLocaleLowerCase('en-US')}:namespace/name`
        : 'kind:namespace/name';
      if (!catalogApi) {
        return {
          error: `Enter "${text}" as an entity ref (${example}); the catalog is not available to look it up`,
        };
      }
      try {
        const { items } = await catalogApi.getEntities({
          filter: kind
            ? { kind, 'metadata.name': text }
            : { 'metadata.name': text },
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        });
        const refs = items.map(e => stringifyEntityRef(e));
        if (refs.length === 1) return { ref: refs[0] };
        if (refs.length === 0)
          return { error: `No ${entityNoun(kind)} is named "${text}"` };
        return {
          error: `"${text}" names ${refs.length} ${entityNoun(
            kind,
            true,
          )}: ${refs.slice(0, 5).join(', ')}; enter one of them`,
        };
      } catch (e) {
        return {
          error: `Could not look up "${text}" in the catalog: ${
            (e as Error).message
          }`,
        };
      }
    },
    [catalogApi, kind],
  );
}
