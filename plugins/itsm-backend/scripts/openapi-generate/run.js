#!/usr/bin/env node
/*
 * Entry point of `yarn generate` in plugins/itsm-backend: regenerates the
 * typed server router (src/schema/openapi/generated) and the client
 * (plugins/itsm-common/src/generated) from src/schema/openapi.yaml.
 *
 * The generator is TypeScript; Backstage's node transform (the one
 * `backstage-cli package start` uses) compiles it on the fly.
 */
require('@backstage/cli/config/nodeTransform.cjs');

try {
  require('./cli.ts').main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
