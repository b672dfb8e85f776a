import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { itsmPermissions } from '@backstage-itsm/plugin-itsm-common';
import {
  ItsmHealthCheck,
  itsmHealthCheckExtensionPoint,
} from '@backstage-itsm/plugin-itsm-node';
import { readItsmConfig } from './config';
import { itsmRecordResourceRef, itsmRecordRules } from './permissions/rules';
import { createRouter } from './router';
import { CatalogLookup } from './services/CatalogLookup';
import { HealthService } from './services/HealthService';
import { NotificationsNotifier } from './services/Notifier';
import { RecordAuthorizer } from './services/RecordAuthorizer';
import { RecordService, SYSTEM_ACTOR } from './services/RecordService';
import { seedDemoData } from './services/demoData';
import { FreezeWindowStore, KnexItsmStore } from './store';
import { CalendarRegistry } from './services/CalendarRegistry';
import { ChangeAssessor } from './services/ChangeAssessor';
import { ChangeCalendar } from './services/ChangeCalendar';
import { FreezeWindowService } from './services/FreezeWindowService';
import { ImpactService } from './services/ImpactService';
import { SlaService } from './services/SlaService';

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
        const itsmConfig = readItsmConfig(config);
        const store = await KnexItsmStore.create({ database });

        deps.permissionsRegistry.addResourceType({
          resourceRef: itsmRecordResourceRef,
          permissions: itsmPermissions,
          rules: itsmRecordRules,
          getResources: async ids => {
            const found = await store.getRecordsByIds(ids);
            return ids.map(id => found.find(r => r.id === id));
          },
        });

        const catalog = new CatalogLookup(deps.catalog);
        const authorizer = new RecordAuthorizer(
          deps.permissions,
          deps.permissionsRegistry,
        );
        const impact = new ImpactService({
          catalog: deps.catalog,
          store,
          maxDepth: itsmConfig.impactMaxDepth,
        });
        const freezes = new FreezeWindowService(
          new FreezeWindowStore(await database.getClient()),
          config,
          deps.auditor,
        );
        const calendars = CalendarRegistry.fromConfig(config);
        const assessor = new ChangeAssessor({
          impact,
          store,
          freezes,
          serviceHours: calendars,
          changeManager: itsmConfig.changeManager,
          quorum: itsmConfig.quorum,
        });
        const records = new RecordService({
          store,
          catalog,
          authorizer,
          assessor,
          notifier: new NotificationsNotifier(deps.notifications, logger),
          config: itsmConfig,
          logger,
          auditor: deps.auditor,
        });
        const notifier = new NotificationsNotifier(deps.notifications, logger);
        const slas = new SlaService({
          store,
          db: await database.getClient(),
          calendars,
          impact,
          notifier,
          authorizer,
          logger,
          thresholds: itsmConfig.slaThresholds,
        });
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
            const closed = await records.autoCloseResolvedIncidents(
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
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            const { warnings, escalations } = await slas.sweep();
            if (warnings || escalations) {
              logger.info(
                `SLA sweep sent ${warnings} warning(s), ${escalations} escalation(s)`,
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

        if (itsmConfig.demoData) {
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
            records,
            impact,
            freezes,
            calendar: new ChangeCalendar({ store, freezes, authorizer }),
            slas,
            authorizer,
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
