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

/** Sends messages to people; a failed send is logged and never fails a write. */
export interface Notifier {
  notify(notification: ItsmNotification): Promise<void>;
}

export class NotificationsNotifier implements Notifier {
  constructor(
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
  ) {}

  async notify({ recipients, title, description, link }: ItsmNotification) {
    const entityRef = Array.from(new Set(recipients.filter(Boolean)));
    if (entityRef.length === 0) return;
    this.logger.info(`Notify ${entityRef.join(', ')}: ${title}`);
    if (!this.notifications) return;
    try {
      await this.notifications.send({
        recipients: { type: 'entity', entityRef },
        payload: { title, description, link, topic: 'itsm' },
      });
    } catch (error) {
      this.logger.warn(`Could not send notification "${title}": ${error}`);
    }
  }
}
