import { Entity } from '@backstage/catalog-model';
import { Random } from './random';

/*
 * The synthetic organisation of the benchmark (docs/performance.md): a
 * company of `entities` catalog entities, made deterministically from
 * `seed`. The catalog gets it through the bench entity provider
 * (benchCatalogModule.ts); `yarn bench:seed` makes ITSM records on the same
 * organisation and `yarn bench` picks its targets from it, so both call
 * generateOrganisation with the same scale and seed.
 *
 * Shape at 20,000 entities: 20 domains, 423 groups (an organisation, a
 * department per domain, 400 teams, change-management and platform-team,
 * which app-config.yaml names as role holders), 2,002 users, 400 systems,
 * about 10,300 components, 3,400 resources and 3,400 APIs. Components form
 * dependsOn chains inside their system (website -> service -> core ->
 * resource), a few services depend on a core component of another system in
 * the domain, APIs are provided by one component and consumed by others.
 * System `commerce-core` has 50 components (the availability benchmark);
 * three hubs (shared resources) have 500, 1,000 and 2,000 transitive
 * dependents at full scale, proportionally fewer at a smaller one.
 */

/** How big and which organisation. */
export interface OrganisationScale {
  /** Catalog entities in total (20,000 at full scale). */
  entities: number;
  /** Seed of the generator. */
  seed: number;
}

/** A catalog entity an ITSM record may concern (a CI). */
export interface BenchItem {
  ref: string;
  kind: 'component' | 'resource' | 'api' | 'system';
  /** Owner group ref (lower case, as ITSM stores owner refs). */
  ownerRef: string;
  /** The system it is part of, if any. */
  systemRef?: string;
  domainRef: string;
}

export interface BenchHub {
  ref: string;
  /** Entities that depend on the hub, transitively (dependsOn, consumesApis), within 6 steps. */
  dependents: number;
  target: number;
}

/** The organisation: the entities for the catalog and what the seed and the benchmark need to know. */
export interface Organisation {
  scale: OrganisationScale;
  entities: Entity[];
  counts: Record<string, number>;
  /** Components, resources, APIs and systems. */
  items: BenchItem[];
  itemsByRef: Map<string, BenchItem>;
  teams: string[];
  membersOf: Map<string, string[]>;
  systems: Array<{
    ref: string;
    ownerRef: string;
    domainRef: string;
    parts: string[];
  }>;
  hubs: BenchHub[];
  /** The 50-component system. */
  bigSystem: { ref: string; ownerRef: string; components: string[] };
  /** The people the benchmark acts as: members of the big system's owner team. */
  personas: {
    team: string;
    requester: string;
    approver: string;
    /** Components of the big system nothing depends on (approval and write targets). */
    leafComponents: string[];
  };
}

/** The impact walk's default depth (itsm.impact.maxDepth in app-config.yaml). */
const IMPACT_DEPTH = 6;
const NS = 'default';
const LOCATION = 'itsm-bench:organisation';
const ref = (kind: string, name: string) => `${kind}:${NS}/${name}`;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function metadata(
  name: string,
  title: string,
  extra: Record<string, string> = {},
) {
  return {
    name,
    namespace: NS,
    title,
    annotations: {
      'backstage.io/managed-by-location': LOCATION,
      'backstage.io/managed-by-origin-location': LOCATION,
      ...extra,
    },
  };
}

/** Hub targets at full scale, scaled with the organisation (at least 10). */
export function hubTargets(entities: number): number[] {
  return [500, 1000, 2000].map(t =>
    Math.max(10, Math.round((t * entities) / 20000)),
  );
}

export function generateOrganisation(scale: OrganisationScale): Organisation {
  const n = Math.floor(scale.entities);
  if (!Number.isFinite(n) || n < 300) {
    throw new Error(
      `The bench organisation needs at least 300 entities, got ${scale.entities}`,
    );
  }
  const random = new Random(scale.seed);
  const entities: Entity[] = [];

  // Domains, departments and teams.
  const domainCount = Math.max(2, Math.round(n * 0.001));
  const teamCount = Math.max(8, Math.round(n * 0.02));
  const userCount = Math.max(40, Math.round(n * 0.1));
  const systemCount = Math.max(4, Math.round(n * 0.02));
  const domainNames = ['commerce', 'platform'];
  for (let i = domainNames.length; i < domainCount; i++)
    domainNames.push(`domain-${pad(i + 1, 2)}`);
  const teams = Array.from(
    { length: teamCount },
    (_, i) => `team-${pad(i + 1, 4)}`,
  );
  const teamDomain = new Map(
    teams.map((t, i) => [t, domainNames[i % domainCount]]),
  );

  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: metadata('org', 'Bench Corp'),
    spec: {
      type: 'organization',
      profile: { displayName: 'Bench Corp' },
      children: [],
    },
  });
  for (const d of domainNames) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: metadata(`dept-${d}`, `Department ${d}`),
      spec: { type: 'department', parent: 'org', children: [] },
    });
  }
  for (const t of teams) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: metadata(t, `Team ${t.slice(5)}`),
      spec: { type: 'team', parent: `dept-${teamDomain.get(t)}`, children: [] },
    });
  }
  for (const [name, title] of [
    ['change-management', 'Change Management'],
    ['platform-team', 'Platform Engineering'],
  ]) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: metadata(name, title),
      spec: { type: 'team', parent: 'org', children: [] },
    });
  }
  const groupRef = (name: string) => ref('group', name);

  // Users: every user in one team, one in ten in a second.
  const membersOf = new Map<string, string[]>();
  const addMember = (team: string, user: string) => {
    const list = membersOf.get(groupRef(team)) ?? [];
    list.push(ref('user', user));
    membersOf.set(groupRef(team), list);
  };
  const userEntity = (name: string, display: string, groups: string[]) => {
    groups.forEach(g => addMember(g, name));
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: metadata(name, display),
      spec: {
        profile: { displayName: display, email: `${name}@bench.example` },
        memberOf: groups,
      },
    });
  };
  for (let i = 0; i < userCount; i++) {
    const groups = [teams[i % teamCount]];
    if (random.chance(0.1)) groups.push(random.pick(teams));
    if (i % 50 === 7) groups.push('change-management');
    if (i % 50 === 8) groups.push('platform-team');
    userEntity(`user-${pad(i + 1, 5)}`, `User ${i + 1}`, [...new Set(groups)]);
  }
  const benchTeam = teams[0];
  userEntity('bench.requester', 'Bench Requester', [benchTeam]);
  userEntity('bench.approver', 'Bench Approver', [benchTeam]);

  // Domains and systems: system 1 is commerce-core (the 50-component one),
  // system 2 holds the hubs (platform-shared).
  for (let i = 0; i < domainCount; i++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: metadata(domainNames[i], `Domain ${domainNames[i]}`),
      spec: { owner: groupRef(teams[i % teamCount]) },
    });
  }
  const systems: Organisation['systems'] = [];
  const special: Array<[string, string]> = [
    ['commerce-core', 'commerce'],
    ['platform-shared', 'platform'],
  ];
  for (let i = 0; i < systemCount; i++) {
    const owner = teams[i % teamCount];
    const [name, domain] = special[i] ?? [
      `system-${pad(i + 1, 4)}`,
      teamDomain.get(owner)!,
    ];
    const annotations: Record<string, string> =
      i % 10 === 5
        ? { 'itsm.backstage.io/service-hours': 'business-hours-eu' }
        : {};
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: metadata(name, `System ${name}`, annotations),
      spec: { owner: groupRef(owner), domain },
    });
    systems.push({
      ref: ref('system', name),
      ownerRef: groupRef(owner),
      domainRef: ref('domain', domain),
      parts: [],
    });
  }

  // Components, resources and APIs share what is left.
  const groupCount = 1 + domainCount + teamCount + 2;
  const rest = n - groupCount - (userCount + 2) - domainCount - systemCount;
  const hubCount = 3;
  const resourceCount = Math.round(rest * 0.2) - hubCount;
  const apiCount = Math.round(rest * 0.2);
  const componentCount = rest - resourceCount - apiCount - hubCount;
  if (componentCount < 50 + 3 * (systemCount - 1)) {
    throw new Error(`${n} entities are too few for ${systemCount} systems`);
  }

  type Part = {
    name: string;
    kind: 'Component' | 'Resource' | 'API';
    system: number;
    owner: string;
    layer: 'website' | 'service' | 'core' | 'resource' | 'api';
    dependsOn: string[];
    providesApis: string[];
    consumesApis: string[];
  };
  const parts: Part[] = [];
  const part = (
    p: Omit<Part, 'dependsOn' | 'providesApis' | 'consumesApis'>,
  ) => {
    const full: Part = {
      ...p,
      dependsOn: [],
      providesApis: [],
      consumesApis: [],
    };
    parts.push(full);
    return full;
  };
  const teamsOfDomain = new Map<string, string[]>();
  for (const t of teams) {
    const d = teamDomain.get(t)!;
    teamsOfDomain.set(d, [...(teamsOfDomain.get(d) ?? []), t]);
  }
  // Mostly the system's team, sometimes another team of its department.
  const ownerOf = (system: number) => {
    const own = teams[system % teamCount];
    if (system <= 1 || !random.chance(0.15)) return own;
    return random.pick(teamsOfDomain.get(teamDomain.get(own)!) ?? [own]);
  };
  const layers: Part['layer'][] = [
    'website',
    'service',
    'service',
    'core',
    'core',
  ];
  // Components: 50 in commerce-core, the rest spread over the others.
  const perSystem = Array.from({ length: systemCount }, () => 0);
  perSystem[0] = 50;
  for (let i = 0; i < componentCount - 50; i++)
    perSystem[1 + (i % (systemCount - 1))] += 1;
  let c = 0;
  perSystem.forEach((count, s) => {
    for (let k = 0; k < count; k++) {
      c += 1;
      part({
        name: `svc-${pad(c, 6)}`,
        kind: 'Component',
        system: s,
        owner: ownerOf(s),
        layer: layers[k % layers.length],
      });
    }
  });
  for (let i = 0; i < resourceCount; i++) {
    const s = i < 5 ? 0 : i % systemCount;
    part({
      name: `res-${pad(i + 1, 6)}`,
      kind: 'Resource',
      system: s,
      owner: ownerOf(s),
      layer: 'resource',
    });
  }
  for (let i = 0; i < apiCount; i++) {
    const s = i % systemCount;
    part({
      name: `api-${pad(i + 1, 6)}`,
      kind: 'API',
      system: s,
      owner: ownerOf(s),
      layer: 'api',
    });
  }
  const hubNames = ['hub-identity-db', 'hub-event-bus', 'hub-object-store'];
  const hubParts = hubNames.map(name =>
    part({
      name,
      kind: 'Resource',
      system: 1,
      owner: 'platform-team',
      layer: 'resource',
    }),
  );

  // dependsOn chains inside each system, a few across systems of a domain.
  const bySystem = Array.from(
    { length: systemCount },
    () => new Map<string, Part[]>(),
  );
  for (const p of parts) {
    const m = bySystem[p.system];
    m.set(p.layer, [...(m.get(p.layer) ?? []), p]);
  }
  const partRef = (p: Part) => ref(p.kind.toLowerCase(), p.name);
  const coresOfDomain = new Map<string, Part[]>();
  for (const p of parts) {
    if (p.layer !== 'core') continue;
    const d = systems[p.system].domainRef;
    coresOfDomain.set(d, [...(coresOfDomain.get(d) ?? []), p]);
  }
  for (const p of parts) {
    const own = bySystem[p.system];
    const from = (layer: Part['layer'], k: number) =>
      random
        .sample(own.get(layer) ?? [], k)
        .filter(q => q !== p && !hubParts.includes(q));
    let targets: Part[] = [];
    if (p.layer === 'website') targets = from('service', random.int(1, 2));
    if (p.layer === 'service') {
      targets = from('core', random.int(1, 2));
      if (random.chance(0.15)) {
        const other = coresOfDomain.get(systems[p.system].domainRef) ?? [];
        const q = other.length ? random.pick(other) : undefined;
        if (q && q.system !== p.system) targets.push(q);
      }
    }
    if (p.layer === 'core') targets = from('resource', random.int(0, 2));
    p.dependsOn = [...new Set(targets.map(partRef))];
  }
  // APIs: provided by a service or core component of their system, consumed in the domain.
  const servicesOfDomain = new Map<string, Part[]>();
  for (const p of parts) {
    if (p.layer !== 'service' && p.layer !== 'website') continue;
    const d = systems[p.system].domainRef;
    servicesOfDomain.set(d, [...(servicesOfDomain.get(d) ?? []), p]);
  }
  for (const api of parts.filter(p => p.kind === 'API')) {
    const own = bySystem[api.system];
    const providers = [
      ...(own.get('service') ?? []),
      ...(own.get('core') ?? []),
    ];
    if (providers.length)
      random.pick(providers).providesApis.push(partRef(api));
    const consumers = servicesOfDomain.get(systems[api.system].domainRef) ?? [];
    for (const q of random.sample(consumers, random.int(0, 2)))
      q.consumesApis.push(partRef(api));
  }

  // The reverse graph, for counting dependents (what the impact walk calls dependents).
  const dependentsOf = new Map<string, Set<string>>();
  const edge = (target: string, dependent: string) => {
    const set = dependentsOf.get(target) ?? new Set<string>();
    set.add(dependent);
    dependentsOf.set(target, set);
  };
  for (const p of parts) {
    for (const t of p.dependsOn) edge(t, partRef(p));
    for (const a of p.providesApis) edge(partRef(p), a);
    for (const a of p.consumesApis) edge(a, partRef(p));
  }
  const countDependents = (start: string) => {
    const seen = new Set([start]);
    let frontier = [start];
    for (let depth = 0; depth < IMPACT_DEPTH && frontier.length; depth++) {
      const next: string[] = [];
      for (const r of frontier) {
        for (const d of dependentsOf.get(r) ?? []) {
          if (!seen.has(d)) {
            seen.add(d);
            next.push(d);
          }
        }
      }
      frontier = next;
    }
    return seen.size - 1;
  };
  // Hubs: core components all over the company come to depend on them
  // until each has its target of transitive dependents.
  const targets = hubTargets(n);
  const cores = random.shuffle(
    parts.filter(p => p.layer === 'core' && p.system !== 0),
  );
  let nextCore = 0;
  const hubs: BenchHub[] = hubParts.map((hub, i) => {
    const hubRef = partRef(hub);
    let count = 0;
    while (count < targets[i] && nextCore < cores.length) {
      const core = cores[nextCore++];
      core.dependsOn.push(hubRef);
      edge(hubRef, partRef(core));
      count = countDependents(hubRef);
    }
    return { ref: hubRef, dependents: count, target: targets[i] };
  });

  for (const p of parts) {
    const system = systems[p.system];
    system.parts.push(partRef(p));
    const spec: NonNullable<Entity['spec']> = {
      owner: groupRef(p.owner),
      system: system.ref.split('/')[1],
    };
    if (p.kind === 'Component') {
      spec.type = p.layer === 'website' ? 'website' : 'service';
      spec.lifecycle = 'production';
    } else if (p.kind === 'Resource') {
      spec.type = random.pick(['database', 'queue', 'cache', 'storage']);
    } else {
      spec.type = 'openapi';
      spec.lifecycle = 'production';
      spec.definition = `openapi: 3.0.0\ninfo:\n  title: ${p.name}\n  version: 1.0.0\npaths: {}\n`;
    }
    if (p.dependsOn.length) spec.dependsOn = p.dependsOn;
    if (p.providesApis.length) spec.providesApis = p.providesApis;
    if (p.consumesApis.length) spec.consumesApis = p.consumesApis;
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: p.kind,
      metadata: metadata(p.name, `${p.kind} ${p.name}`),
      spec,
    });
  }

  const items: BenchItem[] = [
    ...parts.map(p => ({
      ref: partRef(p),
      kind: p.kind.toLowerCase() as BenchItem['kind'],
      ownerRef: groupRef(p.owner),
      systemRef: systems[p.system].ref,
      domainRef: systems[p.system].domainRef,
    })),
    ...systems.map(s => ({
      ref: s.ref,
      kind: 'system' as const,
      ownerRef: s.ownerRef,
      domainRef: s.domainRef,
    })),
  ];
  const depended = new Set(parts.flatMap(p => p.dependsOn));
  const big = parts.filter(p => p.system === 0 && p.kind === 'Component');
  const counts: Record<string, number> = {};
  for (const e of entities) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return {
    scale,
    entities,
    counts,
    items,
    itemsByRef: new Map(items.map(i => [i.ref, i])),
    teams: teams.map(groupRef),
    membersOf,
    systems,
    hubs,
    bigSystem: {
      ref: systems[0].ref,
      ownerRef: systems[0].ownerRef,
      components: big.map(partRef),
    },
    personas: {
      team: groupRef(benchTeam),
      requester: ref('user', 'bench.requester'),
      approver: ref('user', 'bench.approver'),
      leafComponents: big
        .filter(
          p =>
            p.owner === benchTeam &&
            !depended.has(partRef(p)) &&
            p.providesApis.length === 0,
        )
        .map(partRef),
    },
  };
}
