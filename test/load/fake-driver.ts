/** Fake VU drivers for executor tests: they record every begin() and end iterations on command. */
import type { Clock, DriverFactory, IterationOutcome, IterationOwner, VuDriver } from '../../src/load/driver.js';

export interface BeginCall {
  driver: number;
  scheduledAt: number;
  iteration: number;
  /** Clock time when begin() was called. */
  at: number;
}

export class FakeDriver implements VuDriver {
  busy = false;

  constructor(
    readonly id: number,
    private readonly owner: IterationOwner,
    private readonly pool: FakeDrivers,
  ) {}

  begin(scheduledAt: number, iterationInTest: number): void {
    if (this.busy) throw new Error(`driver ${this.id}: begin() while an iteration is running`);
    this.busy = true;
    this.pool.depth++;
    this.pool.maxDepth = Math.max(this.pool.maxDepth, this.pool.depth);
    this.pool.begins.push({ driver: this.id, scheduledAt, iteration: iterationInTest, at: this.pool.clock.now() });
    if (this.pool.endInsideBegin) this.end();
    this.pool.depth--;
  }

  /** End the running iteration (tells the executor). */
  end(outcome: IterationOutcome = 'completed'): void {
    if (!this.busy) throw new Error(`driver ${this.id}: end() with no iteration running`);
    this.busy = false;
    this.owner.iterationDone(this, outcome);
  }
}

/** The drivers an executor created, in creation order. */
export class FakeDrivers {
  readonly drivers: FakeDriver[] = [];
  readonly begins: BeginCall[] = [];
  /** Nesting of begin() calls: above 1 means the executor recursed. */
  depth = 0;
  maxDepth = 0;

  constructor(
    readonly clock: Clock,
    /** End every iteration synchronously inside begin() (a request refused at once). */
    readonly endInsideBegin = false,
  ) {}

  readonly factory: DriverFactory = (id, owner) => {
    const driver = new FakeDriver(id, owner, this);
    this.drivers.push(driver);
    return driver;
  };

  get busy(): FakeDriver[] {
    return this.drivers.filter((d) => d.busy);
  }

  /** End every running iteration. */
  endAll(outcome: IterationOutcome = 'completed'): void {
    for (const d of this.busy) d.end(outcome);
  }
}
