import { Config } from '@backstage/config';
import {
  CALENDAR_24X7,
  CALENDARS_CONFIG_PATH,
  parseCalendars,
  ServiceCalendar,
  serviceIntervals,
} from '@backstage-itsm/plugin-itsm-common';
import { ServiceHours } from '../cmdb/ImpactService';

/**
 * The service-hours calendars of `itsm.calendars` (24x7 always exists). An
 * entity names its calendar with the `itsm.backstage.io/service-hours`
 * annotation; an unknown name counts as 24x7, the cautious choice.
 */
export class CalendarRegistry implements ServiceHours {
  constructor(private readonly calendars: Map<string, ServiceCalendar>) {}

  static fromConfig(config: Config): CalendarRegistry {
    return new CalendarRegistry(
      parseCalendars(config.getOptional(CALENDARS_CONFIG_PATH)),
    );
  }

  get(name: string): ServiceCalendar {
    return this.calendars.get(name) ?? CALENDAR_24X7;
  }

  names(): string[] {
    return [...this.calendars.keys()];
  }

  overlaps(calendar: string, start: number, end: number): boolean {
    return serviceIntervals(this.get(calendar), start, end).length > 0;
  }
}
