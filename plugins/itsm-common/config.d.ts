export interface Config {
  /** Configuration of the ITSM plugins. */
  itsm?: {
    sla?: {
      /**
       * Share of a budget after which a target is "in danger" (a fraction
       * greater than 0 and less than 1; default 0.75): for availability, of
       * the downtime the target allows in the term; for SLA clocks, the
       * warning before the breach. The backend and the frontend read this
       * one value.
       * @visibility frontend
       */
      dangerThreshold?: number;
    };
  };
}
