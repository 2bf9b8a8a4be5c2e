/**
 * A known-capacity server core: `count` workers, each serving one request at a time for exactly
 * `serviceMs`, the rest waiting FIFO, so the capacity is count / serviceMs by construction (4 workers of
 * 20 ms: 200 requests per second). A timer fires a little late; under a backlog the next request starts
 * at the previous one's *due* end, so the lateness never accumulates and the throughput stays exact.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One queued request: `finish` answers it; `gone` says its client left (it is then skipped). */
export interface WorkerJob {
  arrivedAt: number;
  finish(): void;
  gone(): boolean;
}

/** Schedules `fn` no sooner than the monotonic time `due`. */
export type Later = (ms: number, fn: () => void, due: number) => void;

export class FixedWorkers {
  private readonly freeAt: number[];
  private readonly busy: boolean[];
  private queue: WorkerJob[] = [];
  private head = 0;
  /** Requests answered, and requests skipped because their client had gone. */
  served = 0;
  skipped = 0;

  constructor(readonly count: number, readonly serviceMs: number, private readonly later: Later, private readonly now = () => performance.now()) {
    this.freeAt = new Array<number>(count).fill(0);
    this.busy = new Array<boolean>(count).fill(false);
  }

  submit(job: WorkerJob): void {
    this.queue.push(job);
    const idle = this.busy.indexOf(false);
    if (idle >= 0) this.startNext(idle, this.now());
  }

  /** Worker `w` takes the oldest job still wanted, starting no earlier than `from`. */
  private startNext(w: number, from: number): void {
    while (this.head < this.queue.length) {
      const job = this.queue[this.head++];
      if (job.gone()) {
        this.skipped++;
        continue;
      }
      const start = Math.max(from, job.arrivedAt);
      const end = start + this.serviceMs;
      this.busy[w] = true;
      this.freeAt[w] = end;
      this.later(end - this.now(), () => this.complete(w, job), end);
      this.compact();
      return;
    }
    this.busy[w] = false;
  }

  private complete(w: number, job: WorkerJob): void {
    this.served++;
    job.finish();
    this.startNext(w, this.freeAt[w]);
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

/** The `/work` route: queue the request for the workers (404 when the server has none). */
export function serveWork(workers: FixedWorkers | undefined, req: IncomingMessage, res: ServerResponse): void {
  const answer = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  if (!workers) return answer(404, 'no workers: start the fault server with the workers option');
  workers.submit({ arrivedAt: performance.now(), finish: () => answer(200, 'ok'), gone: () => req.socket.destroyed });
}
