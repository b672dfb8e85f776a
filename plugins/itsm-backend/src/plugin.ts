import { readAdmissionConfig } from './http/admission';
import { readSweepLease } from './slas/sweepLease';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  ItsmHealthCheck,
  itsmHealthCheckExtensionPoint,
} from '@backstage-itsm/plugin-itsm-node';
import { seedDemoData } from './demo/demoData';
import { NotificationsNotifier } from './engine/Notifier';
import { SYSTEM_ACTOR } from './engine/types';
import { HealthService } from './health/HealthService';
import { createRouter } from './http/createRouter';
import { migrateItsmDatabase } from './store';
import { createItsmServices } from './wiring';

/**
 * The ITSM backend plugin, mounted at `/api/itsm`.
 *
 * @public
 */
export const itsmPlugin = createBackendPlugin({
  pluginId: 'itsm',
  register(env) {
    const extraChecks: ItsmHealthCheck[] = [];
    env.registerExtensionPoint(itsmHealthCheckExtensionPoint, {
      addHealthCheck(check) {
        extraChecks.push(check);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, database, httpRouter, logger, scheduler } = deps;
        const db = await database.getClient();
        if (!database.migrations?.skip) await migrateItsmDatabase(db);
        const services = createItsmServices({
          config,
          db,
          catalog: deps.catalog,
          notifier: new NotificationsNotifier(deps.notifications, logger),
          logger,
          auditor: deps.auditor,
          serviceCredentials: () => deps.auth.getOwnServiceCredentials(),
          authorization: {
            permissions: deps.permissions,
            permissionsRegistry: deps.permissionsRegistry,
          },
        });
        const { records, slas, store } = services;
        // Facts derived by an older version (or none yet, after an upgrade)
        // are rewritten before the plugin answers, so every query sees them.
        const reindexed = await store.reindexFacts({
          onProgress: (done, total) =>
            logger.info(`Indexing record facts: ${done} of ${total} records`),
        });
        if (reindexed) logger.info(`Indexed the facts of ${reindexed} records`);
        const systemCaller = async () => ({
          credentials: await deps.auth.getOwnServiceCredentials(),
          userRef: SYSTEM_ACTOR,
          claims: [],
        });

        await scheduler.scheduleTask({
          id: 'itsm-incident-auto-close',
          frequency: { minutes: 15 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const closed = await services.autoClose.autoCloseResolvedIncidents(
              await systemCaller(),
            );
            if (closed.length) {
              logger.info(`Closed resolved incidents ${closed.join(', ')}`);
            }
          },
        });

        await scheduler.scheduleTask({
          id: 'itsm-sla-sweep',
          frequency: { minutes: 1 },
          // The lease: a dead instance's run is taken over after this long.
          timeout: readSweepLease(config),
          initialDelay: { seconds: 30 },
          // The scheduler aborts the signal when the run times out (or the
          // backend stops): the sweep stops between pages and says so.
          fn: async signal => {
            const { warnings, escalations } = await slas.sweep({ signal });
            if (warnings || escalations) {
              logger.info(
                `SLA sweep sent ${warnings} warning(s), ${escalations} escalation(s)`,
              );
            }
          },
        });
        await scheduler.scheduleTask({
          id: 'itsm-outbox-delivery',
          frequency: { seconds: 30 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 20 },
          // What a write recorded and its own delivery did not send (a failed
          // send, an instance that stopped first), retried until delivered.
          fn: async signal => {
            const sent = await services.engine.deliverDue(signal);
            if (sent) logger.info(`Delivered ${sent} pending notification(s)`);
          },
        });
        await scheduler.scheduleTask({
          id: 'itsm-cab-follow-up',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 40 },
          // Circulates the agendas whose submission deadline passed and
          // finishes closes whose effects stopped half-way; each meeting is
          // claimed first, so two instances never do one twice. Stops
          // between meetings when the signal aborts.
          fn: async signal => {
            const { circulated, finished, failed } =
              await services.cabFollowUp.run({
                caller: await systemCaller(),
                signal,
              });
            if (circulated.length || finished.length || failed.length) {
              logger.info(
                `CAB follow-up: agendas circulated [${circulated.join(
                  ', ',
                )}], closes finished [${finished.join(
                  ', ',
                )}], failed [${failed.join(', ')}]`,
              );
            }
          },
        });
        await scheduler.scheduleTask({
          id: 'itsm-sla-term-tracking',
          frequency: { hours: 6 },
          timeout: { minutes: 30 },
          initialDelay: { minutes: 2 },
          fn: async () => {
            const problems = await slas.trackEndedTerms(await systemCaller());
            if (problems.length) {
              logger.info(
                `Availability tracking linked incidents to ${problems.join(
                  ', ',
                )}`,
              );
            }
          },
        });

        if (services.config.demoData) {
          // The catalog may still be loading the demo entities: try until it can.
          let seeded = false;
          await scheduler.scheduleTask({
            id: 'itsm-demo-data',
            frequency: { seconds: 15 },
            timeout: { minutes: 2 },
            initialDelay: { seconds: 5 },
            fn: async () => {
              if (!seeded) {
                seeded = await seedDemoData({
                  records,
                  signatures: services.signatures,
                  store,
                  logger,
                  caller: systemCaller,
                });
              }
            },
          });
        }

        const health = new HealthService({
          database,
          logger,
          checks: extraChecks,
        });
        httpRouter.use(
          await createRouter({
            health,
            services,
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            admission: readAdmissionConfig(config),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
