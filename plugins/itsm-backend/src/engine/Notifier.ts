import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';

export interface ItsmNotification {
  /** User or group entity refs. */
  recipients: string[];
  title: string;
  description?: string;
  /** Path in the portal, e.g. /itsm/incidents/INC-3. */
  link?: string;
}

/**
 * Sends messages to people. It is called by the outbox delivery after the
 * write that decided the message committed (engine/outboxDelivery.ts): a
 * send that fails throws, and the delivery tries again later. `scope`
 * names the message, so that sending it twice updates it.
 */
export interface Notifier {
  notify(
    notification: ItsmNotification,
    options?: { scope?: string },
  ): Promise<void>;
}

export class NotificationsNotifier implements Notifier {
  constructor(
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
  ) {}

  async notify(
    { recipients, title, description, link }: ItsmNotification,
    options: { scope?: string } = {},
  ) {
    const entityRef = Array.from(new Set(recipients.filter(Boolean)));
    if (entityRef.length === 0) return;
    this.logger.info(`Notify ${entityRef.join(', ')}: ${title}`);
    if (!this.notifications) return;
    await this.notifications.send({
      recipients: { type: 'entity', entityRef },
      payload: {
        title,
        description,
        link,
        topic: 'itsm',
        scope: options.scope,
      },
    });
  }
}
