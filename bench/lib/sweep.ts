/*
 * The SLA sweep, run by the backend's own scheduler: the plugin schedules
 * the task `itsm-sla-sweep` (every minute, first 30 s after start-up);
 * Backstage's scheduler answers, per plugin,
 * GET /api/itsm/.backstage/scheduler/v1/tasks and
 * POST .../tasks/<id>/trigger. The bench calls them with a static external
 * access token (configured for the run, see backend.ts) and times a run
 * from the moment the task shows `running` until it is idle again (polled).
 */

const TASKS = '/api/itsm/.backstage/scheduler/v1/tasks';
const TASK_ID = 'itsm-sla-sweep';

export interface SweepRun {
  /** running -> idle as polled (ms; +- the poll interval); undefined when no poll saw it running. */
  observedMs?: number;
  /** From the trigger until the run was seen finished (includes the scheduler's pick-up delay of up to 5 s). */
  triggerToDoneMs?: number;
  /** When it was seen running (ISO). */
  seenRunningAt?: string;
  /** When the scheduler says it ended (whole seconds on SQLite). */
  endedAt?: string;
  error?: string;
}

interface TaskState {
  status?: string;
  startedAt?: string;
  lastRunEndedAt?: string;
  lastRunError?: string;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export class SweepClock {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** The task's state; retries while the backend does not answer (it may be busy). */
  async state(timeoutMs = 10 * 60_000): Promise<TaskState | undefined> {
    const started = Date.now();
    for (;;) {
      try {
        return await this.stateOnce();
      } catch (error) {
        if (Date.now() - started > timeoutMs) throw error;
        await sleep(1000);
      }
    }
  }

  private async stateOnce(): Promise<TaskState | undefined> {
    const res = await fetch(`${this.baseUrl}${TASKS}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (res.status !== 200)
      throw new Error(`scheduler tasks: ${res.status} ${await res.text()}`);
    const body = await res.json();
    return (
      body.tasks?.find((t: any) => t.taskId === TASK_ID)?.taskState ?? undefined
    );
  }

  /**
   * Watches the scheduled runs until `stop()`: every run seen running, with
   * its duration as polled.
   */
  watch(pollMs = 100) {
    const runs: SweepRun[] = [];
    let stopped = false;
    let lastEnded: string | undefined;
    let first = true;
    const loop = (async () => {
      let since: number | undefined;
      while (!stopped) {
        try {
          const state = await this.stateOnce();
          const ended = state?.lastRunEndedAt;
          if (state?.status === 'running') {
            since ??= Date.now();
          } else if (
            since !== undefined ||
            (!first && ended && ended !== lastEnded)
          ) {
            // A run shorter than the poll interval shows only as a new end time.
            runs.push({
              observedMs: since !== undefined ? Date.now() - since : undefined,
              seenRunningAt:
                since !== undefined ? new Date(since).toISOString() : undefined,
              endedAt: ended,
              error: state?.lastRunError,
            });
            since = undefined;
          }
          lastEnded = ended;
          first = false;
        } catch {
          // the backend is still starting
        }
        await sleep(pollMs);
      }
    })();
    return {
      runs,
      running: async () => (await this.state())?.status === 'running',
      stop: async () => {
        stopped = true;
        await loop;
      },
    };
  }

  /** Waits until no sweep runs (a scheduled one may be under way); ms waited. */
  async waitUntilIdle(timeoutMs: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if ((await this.state())?.status !== 'running')
        return Date.now() - started;
      await sleep(250);
    }
    throw new Error('the scheduled SLA sweep is still running');
  }

  /** Triggers one run and times it (polling every `pollMs`). */
  async run(timeoutMs: number, pollMs = 20): Promise<SweepRun> {
    await this.waitUntilIdle(timeoutMs);
    const before = (await this.state())?.lastRunEndedAt;
    const trigger = Date.now();
    for (;;) {
      const res = await fetch(`${this.baseUrl}${TASKS}/${TASK_ID}/trigger`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}` },
      }).catch(error => {
        if (Date.now() - trigger > timeoutMs) throw error;
        return undefined; // the backend is busy; try again
      });
      if (!res) {
        await sleep(1000);
        continue;
      }
      if (res.status < 300) break;
      if (res.status !== 409 || Date.now() - trigger > timeoutMs) {
        throw new Error(
          `trigger ${TASK_ID}: ${res.status} ${await res.text()}`,
        );
      }
      await sleep(250);
    }
    let since: number | undefined;
    while (Date.now() - trigger < timeoutMs) {
      const state = await this.state();
      if (state?.status === 'running') {
        since ??= Date.now();
      } else if (
        since !== undefined ||
        (state?.lastRunEndedAt && state.lastRunEndedAt !== before)
      ) {
        const done = Date.now();
        return {
          observedMs: since !== undefined ? done - since : undefined,
          triggerToDoneMs: done - trigger,
          seenRunningAt: since ? new Date(since).toISOString() : undefined,
          endedAt: state?.lastRunEndedAt,
          error: state?.lastRunError,
        };
      }
      await sleep(pollMs);
    }
    throw new Error(
      `the triggered SLA sweep did not finish within ${timeoutMs / 1000} s`,
    );
  }
}
