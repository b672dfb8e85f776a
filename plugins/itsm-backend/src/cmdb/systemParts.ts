import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, RELATION_HAS_PART } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ImpactService } from './ImpactService';

/** Annotation marking a part whose outage alone does not take its system down. */
export const REDUNDANT_ANNOTATION = 'itsm.backstage.io/redundant';

/** A part of a System (or of a Domain's Systems). */
export interface SystemPart {
  entityRef: string;
  /** Its outage alone does not take the system down. */
  redundant: boolean;
}

const kindOf = (entity: Entity) => entity.kind.toLocaleLowerCase('en-US');

/** The targets of `hasPart` relations, as refs in lower case. */
function hasPartTargets(
  relations: Array<{ type: string; targetRef: string }>,
): string[] {
  return relations
    .filter(r => r.type === RELATION_HAS_PART)
    .map(r => r.targetRef.toLocaleLowerCase('en-US'));
}

/**
 * The parts of Systems and Domains in the catalog (relation `hasPart`; a
 * Domain's parts are its Systems' parts): what an SLA on a System covers,
 * what its availability rolls up from, and what its entity tab lists.
 */
export class SystemParts {
  constructor(private readonly impact: Pick<ImpactService, 'describe'>) {}

  /** The entity, or undefined when the catalog no longer has it. */
  async entityOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    try {
      const described = await this.impact.describe([entityRef], credentials);
      return [...described.values()][0]?.entity;
    } catch (error) {
      if (error instanceof InputError) return undefined;
      throw error;
    }
  }

  /**
   * The parts a system or domain rolls up from (domains: their systems'
   * parts too), each once. One catalog read per level, whatever the number
   * of systems: a domain's systems are read together, then all their parts.
   */
  async partsOf(
    relations: Array<{ type: string; targetRef: string }>,
    kind: string,
    credentials: BackstageCredentials,
  ): Promise<SystemPart[]> {
    const direct = hasPartTargets(relations);
    if (direct.length === 0) return [];
    const described = await this.impact.describe(direct, credentials);
    const parts: SystemPart[] = [];
    const systemRelations: Array<{ type: string; targetRef: string }> = [];
    for (const [ref, { entity }] of described) {
      if (kind === 'domain' && kindOf(entity) === 'system') {
        systemRelations.push(...(entity.relations ?? []));
      } else {
        parts.push({
          entityRef: ref,
          redundant:
            entity.metadata.annotations?.[REDUNDANT_ANNOTATION] === 'true',
        });
      }
    }
    if (systemRelations.length > 0) {
      const seen = new Set(parts.map(p => p.entityRef));
      for (const part of await this.partsOf(
        systemRelations,
        'system',
        credentials,
      )) {
        if (!seen.has(part.entityRef)) parts.push(part);
      }
    }
    return parts;
  }

  /**
   * The entities with the parts of the Systems and Domains among them (a
   * Domain's parts are its Systems' parts; with `systems`, its Systems
   * too). The Systems and Domains are read together, then their parts.
   */
  async withParts(
    entityRefs: string[],
    credentials: BackstageCredentials,
    options: { systems?: boolean } = {},
  ): Promise<string[]> {
    const result = new Set(entityRefs);
    const wholes = entityRefs.filter(
      ref => ref.startsWith('system:') || ref.startsWith('domain:'),
    );
    if (wholes.length === 0) return [...result];
    const relations: Record<
      'system' | 'domain',
      Array<{ type: string; targetRef: string }>
    > = { system: [], domain: [] };
    for (const entity of await this.entitiesOf(wholes, credentials)) {
      const kind = kindOf(entity);
      if (kind !== 'system' && kind !== 'domain') continue;
      if (kind === 'domain' && options.systems) {
        hasPartTargets(entity.relations ?? []).forEach(r => result.add(r));
      }
      relations[kind].push(...(entity.relations ?? []));
    }
    for (const kind of ['system', 'domain'] as const) {
      for (const p of await this.partsOf(relations[kind], kind, credentials)) {
        result.add(p.entityRef);
      }
    }
    return [...result];
  }

  /** The entities the catalog still has, in one read (one by one when some are gone). */
  private async entitiesOf(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    try {
      const described = await this.impact.describe(entityRefs, credentials);
      return [...described.values()].map(d => d.entity);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const found: Entity[] = [];
      for (const ref of entityRefs) {
        const entity = await this.entityOf(ref, credentials);
        if (entity) found.push(entity);
      }
      return found;
    }
  }
}
