import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useEffect, useState } from 'react';

/** One suggestion of an entity picker. */
export interface EntitySuggestion {
  ref: string;
  /** The title of the entity, else its name. */
  label: string;
}

/** How many suggestions are asked for. */
export const SUGGESTION_LIMIT = 20;

/** How long typing must pause before the catalog is asked, in ms. */
export const SUGGESTION_DEBOUNCE_MS = 250;

const toSuggestion = (entity: Entity): EntitySuggestion => ({
  ref: stringifyEntityRef(entity),
  label: entity.metadata.title ?? entity.metadata.name,
});

/**
 * Entities (of `kind`, when given) whose name or title contains `term`,
 * at most {@link SUGGESTION_LIMIT}, asked for once typing pauses and only
 * while `active`. Without a catalog API there are none.
 */
export function useEntitySuggestions(
  term: string,
  options: { kind?: string; active: boolean },
): { suggestions: EntitySuggestion[]; loading: boolean; error?: string } {
  const { kind, active } = options;
  const catalogApi = useApiHolder().get(catalogApiRef);
  const [state, setState] = useState<{
    suggestions: EntitySuggestion[];
    loading: boolean;
    error?: string;
  }>({ suggestions: [], loading: false });

  useEffect(() => {
    if (!catalogApi || !active) return undefined;
    let cancelled = false;
    const text = term.trim();
    setState(s => ({ ...s, loading: true }));
    const timer = setTimeout(async () => {
      try {
        const { items } = await catalogApi.queryEntities({
          filter: kind ? { kind } : undefined,
          fullTextFilter: text
            ? { term: text, fields: ['metadata.name', 'metadata.title'] }
            : undefined,
          orderFields: { field: 'metadata.name', order: 'asc' },
          limit: SUGGESTION_LIMIT,
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
          ],
        });
        if (!cancelled) {
          setState({ suggestions: items.map(toSuggestion), loading: false });
        }
      } catch (e) {
        if (!cancelled) {
          setState({
            suggestions: [],
            loading: false,
            error: `Could not search the catalog: ${(e as Error).message}`,
          });
        }
      }
    }, SUGGESTION_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [catalogApi, kind, term, active]);

  return state;
}
