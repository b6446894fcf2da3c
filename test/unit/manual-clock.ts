// A service wall clock for tests: it moves only when told to (and when the service
// sleeps), so waits and idle timers follow the test, never the machine's clock.
import type { ServiceClock } from '../../src/ca/service';

export class ManualClock implements ServiceClock {
  constructor(public ms = 1_000_000) {}
  now(): number {
    return this.ms;
  }
  async sleep(ms: number): Promise<void> {
    this.ms += ms;
  }
}
