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

  /** The parts a system or domain rolls up from (domains: their systems' parts too). */
  async partsOf(
    relations: Array<{ type: string; targetRef: string }>,
    kind: string,
    credentials: BackstageCredentials,
  ): Promise<SystemPart[]> {
    const direct = relations
      .filter(r => r.type === RELATION_HAS_PART)
      .map(r => r.targetRef.toLocaleLowerCase('en-US'));
    if (direct.length === 0) return [];
    const described = await this.impact.describe(direct, credentials);
    const parts: SystemPart[] = [];
    for (const [ref, { entity }] of described) {
      const redundant =
        entity.metadata.annotations?.[REDUNDANT_ANNOTATION] === 'true';
      if (
        kind === 'domain' &&
        entity.kind.toLocaleLowerCase('en-US') === 'system'
      ) {
        parts.push(
          ...(await this.partsOf(
            entity.relations ?? [],
            'system',
            credentials,
          )),
        );
      } else {
        parts.push({ entityRef: ref, redundant });
      }
    }
    return parts;
  }

  /**
   * The entities with the parts of the Systems and Domains among them (a
   * Domain's parts are its Systems' parts; with `systems`, its Systems
   * too).
   */
  async withParts(
    entityRefs: string[],
    credentials: BackstageCredentials,
    options: { systems?: boolean } = {},
  ): Promise<string[]> {
    const result = new Set(entityRefs);
    for (const ref of entityRefs) {
      if (!ref.startsWith('system:') && !ref.startsWith('domain:')) continue;
      const entity = await this.entityOf(ref, credentials);
      if (!entity) continue;
      const kind = entity.kind.toLocaleLowerCase('en-US');
      if (kind === 'domain' && options.systems) {
        for (const r of entity.relations ?? []) {
          if (r.type === RELATION_HAS_PART)
            result.add(r.targetRef.toLocaleLowerCase('en-US'));
        }
      }
      for (const p of await this.partsOf(
        entity.relations ?? [],
        kind,
        credentials,
      )) {
        result.add(p.entityRef);
      }
    }
    return [...result];
  }
}
