/** The claims of the SLA sweep (see store/slaWarnings.ts). */

/** An outage escalated to the service owner, with its notification. */
export interface OutageEscalation {
  incidentId: string;
  /** ISO start of the outage; one escalation per incident and outage. */
  outageStart: string;
  slaId: string;
  /** The service owner group escalated to. */
  serviceOwner: string;
  escalatedAt: string;
  /** Set when the notification is handed to the outbox with the claim. */
  deliveredAt?: string;
  notification: {
    recipients: string[];
    title: string;
    description?: string;
    link?: string;
  };
}

/** An SLA clock warning about to be sent. */
export interface SlaWarning {
  incidentId: string;
  slaId: string;
  /** response or resolution */
  clock: string;
  /** Fraction of the target, e.g. 0.75. */
  threshold: number;
  sentAt: string;
}
