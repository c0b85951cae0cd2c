import { isISO8601 } from 'class-validator';
import { ValidWhen } from './validation';

/**
 * ISO-8601's calendar date, with or without a time, in the extended format
 * (2021-01-08, 2021-01-08T10:00Z, 2021-01-08 10:00:00.5+01:00): the forms
 * PostgreSQL and JavaScript read alike. ISO-8601 also has week dates
 * (2021-W01), reduced precision (2021-01), decimal commas, ordinal dates
 * (2021-008) and the basic format (2021008): PostgreSQL refuses the first
 * three (the request failed with a 500) and reads the others otherwise than
 * JavaScript (2021-008 is 8 January there and 1 August here; 2021008 the year 202).
 */
const CALENDAR_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

export const IsTimestamp = ValidWhen('isTimestamp', 'must be an ISO-8601 timestamp',
  (value) => typeof value === 'string' && CALENDAR_TIMESTAMP.test(value) && isISO8601(value, { strict: true }));
