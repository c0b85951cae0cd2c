import { Injectable } from '@nestjs/common';

/** Time comes from here so tests can set it; production uses the system clock. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
