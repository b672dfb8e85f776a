import {
  CREATE_SCHEMAS,
  isItsmRecordType,
  UPDATE_SCHEMAS,
} from '@backstage-itsm/plugin-itsm-common';
import { NextFunction, Request, Response } from 'express';
import { parseInput } from '../engine/recordUtils';

/**
 * Checks the body of `POST /{type}` and `PATCH /{type}/{idOrKey}` against the
 * schema of the record type in the path, before the generated router does.
 *
 * The document can only say that such a body is one of the five types'
 * bodies (`anyOf`), and the validator's message for a body that fits none
 * lists what each of the five would have needed. This answers with the
 * message of the type's own schema instead, which names the field
 * (`impact: Invalid enum value ...`, `unknown or read-only field(s) "state"`).
 * The schemas are those the engine parses the body with (CREATE_SCHEMAS,
 * UPDATE_SCHEMAS of itsm-common), first thing in create and update; the engine
 * still does so for callers that do not come over HTTP. A body that passes
 * goes on to the validator.
 */
export function checkRecordBody(
  req: Request,
  _res: Response,
  next: NextFunction,
) {
  const [, type, idOrKey, ...rest] = req.path.split('/');
  if (isItsmRecordType(type) && rest.length === 0) {
    if (req.method === 'POST' && idOrKey === undefined) {
      parseInput(CREATE_SCHEMAS[type], req.body);
    } else if (req.method === 'PATCH' && idOrKey) {
      parseInput(UPDATE_SCHEMAS[type], req.body);
    }
  }
  next();
}
