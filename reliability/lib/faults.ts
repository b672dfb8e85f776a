import { Knex } from 'knex';
import { Acknowledged } from './checks';
import { Answer, Client } from './client';
import { Instance } from './instances';
import { ThrowawayPostgres } from './postgres';

/*
 * The load and the faults: writers that create incidents the careful way
 * (Idempotency-Key, retried until answered) and the faults injected while
 * they run: SIGKILL of an instance at a random moment (mid-write, mid-sweep),
 * the database stopped and started, the catalog's database taken away.
 */

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
export const between = (min: number, max: number) =>
  min + Math.floor(Math.random() * (max - min));

export interface Fault {
  kind: 'kill -9' | 'database outage' | 'catalog outage';
  instance?: string;
  at: string;
  /** kill -9: whether an SLA sweep was running when it landed. */
  midSweep?: boolean;
  /** outages: how long the dependency was away, and until the first write was acknowledged again (ms). */
  downMs?: number;
  recoveryMs?: number;
  /** outages: the answers while it was away, by status. */
  answersWhileDown?: Record<string, number>;
}

/** What the writers need to make incidents that the SLA covers. */
export interface Workload {
  client: Client;
  requester: string;
  team: string;
  /** The entities the incidents are reported on, in turn: one in four is covered by the SLA. */
  entities: string[];
  /** Those the SLA covers. */
  covered: Set<string>;
  titlePrefix: string;
  acknowledged: Acknowledged[];
  /** Final answers that were not 2xx, by status. */
  refused: Map<number, number>;
  lastAcknowledgedAt: number;
  next: number;
}

/** One incident, created the careful way; acknowledged when answered 2xx. */
export async function createIncident(
  w: Workload,
  deadline: number,
): Promise<Answer> {
  const n = w.next++;
  const title = `${w.titlePrefix} ${n}`;
  const entityRef = w.entities[n % w.entities.length];
  // The service is down on every covered component, from a little before the
  // report: each such outage is escalated to the service owner once its
  // resolution target passes.
  const outage = w.covered.has(entityRef)
    ? { kind: 'down', start: new Date(Date.now() - 10_000).toISOString() }
    : undefined;
  const answer = await w.client.write(
    w.requester,
    'POST',
    '/incidents',
    {
      title,
      description: 'Written by yarn test:reliability.',
      entityRefs: [entityRef],
      ...(outage ? { outage } : {}),
      impact: 'high',
      urgency: 'high',
      assignedGroup: w.team,
    },
    deadline,
  );
  if (answer.status === 201 || answer.status === 200) {
    w.acknowledged.push({ id: answer.body.id, key: answer.body.key, title });
    w.lastAcknowledgedAt = Date.now();
  } else {
    w.refused.set(answer.status, (w.refused.get(answer.status) ?? 0) + 1);
  }
  return answer;
}

/** `count` writers creating incidents until `stop()`. */
export function writers(w: Workload, count: number, patienceMs: number) {
  let stopped = false;
  const loops = Array.from({ length: count }, async () => {
    while (!stopped) {
      const answer = await createIncident(w, Date.now() + patienceMs);
      // A refusal that is an answer (e.g. 503 during an outage, past the deadline): breathe.
      if (answer.status >= 400) await sleep(250);
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** Whether the SLA sweep runs now, as the scheduler of a live instance says. */
export async function sweepRunning(
  instances: Instance[],
): Promise<boolean | undefined> {
  for (const i of instances.filter(x => x.up)) {
    try {
      const res = await fetch(
        `${i.baseUrl}/api/itsm/.backstage/scheduler/v1/tasks`,
        {
          headers: { authorization: `Bearer ${i.serviceToken}` },
          signal: AbortSignal.timeout(5000),
        },
      );
      if (!res.ok) continue;
      const body = await res.json();
      const task = body.tasks?.find((t: any) => t.taskId === 'itsm-sla-sweep');
      return task?.taskState?.status === 'running';
    } catch {
      // try the other one
    }
  }
  return undefined;
}

/** Kills `victim` with SIGKILL and starts it again; returns the fault. */
export async function killAndRestart(
  victim: Instance,
  all: Instance[],
  log: (line: string) => void,
): Promise<Fault> {
  const midSweep = await sweepRunning(all);
  const at = new Date().toISOString();
  await victim.kill();
  log(
    `kill -9 instance ${victim.name}${
      midSweep ? ' (a sweep was running)' : ''
    }; starting it again`,
  );
  await victim.start();
  log(
    `instance ${victim.name} is back after ${Math.round(
      victim.startMs[victim.startMs.length - 1] / 1000,
    )} s`,
  );
  return { kind: 'kill -9', instance: victim.name, at, midSweep: !!midSweep };
}

/** Every answer of every attempt in a window, by status. */
function answersIn(w: Workload, from: number, to: number) {
  return w.client.tally.between(from, to);
}

/** Waits until a write is acknowledged after `since`; ms waited from `since`. */
async function recovered(
  w: Workload,
  since: number,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (w.lastAcknowledgedAt < since) {
    if (Date.now() > deadline)
      throw new Error('no write was acknowledged after the outage');
    await sleep(100);
  }
  return w.lastAcknowledgedAt - since;
}

/** The database stopped (every connection cut) for `downMs`, then started. */
export async function databaseOutage(
  pg: ThrowawayPostgres,
  w: Workload,
  downMs: number,
): Promise<Fault> {
  const at = new Date().toISOString();
  const from = Date.now();
  pg.stop();
  await sleep(downMs);
  const back = Date.now();
  pg.start();
  const recoveryMs = await recovered(w, Date.now(), 120_000);
  return {
    kind: 'database outage',
    at,
    downMs: back - from,
    recoveryMs,
    answersWhileDown: answersIn(w, from, back),
  };
}

/** The catalog's database refuses connections for `downMs` (the catalog answers errors). */
export async function catalogOutage(
  admin: Knex,
  w: Workload,
  downMs: number,
): Promise<Fault> {
  const at = new Date().toISOString();
  const from = Date.now();
  await admin.raw(
    'ALTER DATABASE backstage_plugin_catalog WITH ALLOW_CONNECTIONS false',
  );
  await admin.raw(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'backstage_plugin_catalog'`,
  );
  await sleep(downMs);
  const back = Date.now();
  await admin.raw(
    'ALTER DATABASE backstage_plugin_catalog WITH ALLOW_CONNECTIONS true',
  );
  const recoveryMs = await recovered(w, Date.now(), 120_000);
  return {
    kind: 'catalog outage',
    at,
    downMs: back - from,
    recoveryMs,
    answersWhileDown: answersIn(w, from + 2000, back),
  };
}
