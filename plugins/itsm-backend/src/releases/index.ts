import { releaseHandler } from './handler';
import { RELEASE_EFFECTS, RELEASE_GUARDS } from './rules';

export { backlogReleaseFor } from './backlog';

/** The release process as the record engine runs it. */
export function releaseProcess() {
  return {
    handler: releaseHandler,
    guards: RELEASE_GUARDS,
    effects: RELEASE_EFFECTS,
  };
}
