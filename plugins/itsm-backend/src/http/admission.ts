import { Config } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { NextFunction, Request, Response } from 'express';

/** How many requests the API works on at once, and how many may wait. */
export interface AdmissionOptions {
  /** Requests worked on at once (itsm.http.maxActiveRequests, default 16). */
  maxActive: number;
  /** Requests waiting for a turn (itsm.http.maxQueuedRequests, default 200). */
  maxQueued: number;
  /** The longest a request waits for its turn (itsm.http.maxQueueWaitMs, default 10 s). */
  maxWaitMs: number;
}

export const DEFAULT_ADMISSION: AdmissionOptions = {
  maxActive: 16,
  maxQueued: 200,
  maxWaitMs: 10_000,
};

/** Seconds a refused client should wait before retrying (the `Retry-After` header). */
export const RETRY_AFTER_SECONDS = 2;

export function readAdmissionConfig(config: Config): AdmissionOptions {
  const read = (key: string, fallback: number, min: number) => {
    const value = config.getOptionalNumber(`itsm.http.${key}`) ?? fallback;
    if (!Number.isInteger(value) || value < min) {
      throw new Error(`itsm.http.${key} must be an integer of at least ${min}`);
    }
    return value;
  };
  return {
    maxActive: read('maxActiveRequests', DEFAULT_ADMISSION.maxActive, 1),
    maxQueued: read('maxQueuedRequests', DEFAULT_ADMISSION.maxQueued, 0),
    maxWaitMs: read('maxQueueWaitMs', DEFAULT_ADMISSION.maxWaitMs, 1),
  };
}

/** Answers 503 with `Retry-After`: the request did nothing. */
export function busy(res: Response, next: NextFunction, why: string) {
  res.set('Retry-After', String(RETRY_AFTER_SECONDS));
  next(
    new ServiceUnavailableError(
      `The ITSM backend is busy (${why}); nothing was written, retry after ${RETRY_AFTER_SECONDS} s`,
    ),
  );
}

/**
 * Back-pressure for the API: at most `maxActive` requests are worked on at
 * once, at most `maxQueued` wait for a turn, each for at most `maxWaitMs`.
 * A request beyond that is answered 503 with `Retry-After` before any of it
 * runs, so a refused write never commits; a client learns in bounded time
 * instead of waiting behind an unbounded queue for the database pool.
 */
export function admissionGate(options: AdmissionOptions) {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  const gate = (req: Request, res: Response, next: NextFunction) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      release();
    };
    const admit = () => {
      res.once('finish', finish);
      res.once('close', finish);
      next();
    };
    if (active < options.maxActive) {
      active += 1;
      admit();
      return;
    }
    if (waiting.length >= options.maxQueued) {
      busy(res, next, `${active} requests running, ${waiting.length} waiting`);
      return;
    }
    const wait: { timer?: ReturnType<typeof setTimeout> } = {};
    const turn = () => {
      clearTimeout(wait.timer);
      // The slot passes from the finished request to this one.
      if (req.destroyed) {
        release();
        return;
      }
      admit();
    };
    wait.timer = setTimeout(() => {
      const at = waiting.indexOf(turn);
      if (at >= 0) waiting.splice(at, 1);
      busy(res, next, `waited ${options.maxWaitMs} ms for a turn`);
    }, options.maxWaitMs);
    waiting.push(turn);
  };
  /** Requests running and waiting now (for tests and health). */
  gate.load = () => ({ active, waiting: waiting.length });
  return gate;
}
