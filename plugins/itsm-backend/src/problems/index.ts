import { problemHandler } from './handler';
import { PROBLEM_EFFECTS, PROBLEM_GUARDS } from './rules';

/** The problem process as the record engine runs it. */
export function problemProcess() {
  return {
    handler: problemHandler,
    guards: PROBLEM_GUARDS,
    effects: PROBLEM_EFFECTS,
  };
}
