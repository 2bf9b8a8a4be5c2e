/** Live progress on stderr: a redrawn line on a TTY, a plain line every 10 s otherwise, nothing when quiet. */
import type { createLogUpdate } from 'log-update';
import type { Progress } from '../engine/run.js';
import { formatElapsed } from '../reporters/format.js';

/** A terminal redraws the line this often: smooth, and cheap next to the run. */
const TTY_REDRAW_MS = 250;
/** Without a terminal (CI logs), one plain line this often: enough to see progress, few lines. */
const LOG_LINE_EVERY_MS = 10_000;

export interface ProgressOptions {
  stream: NodeJS.WriteStream;
  tty: boolean;
  enabled: boolean;
}

type LogUpdate = ReturnType<typeof createLogUpdate>;

export class ProgressLine {
  private timer: NodeJS.Timeout | null = null;
  private lastCount = 0;
  private lastAt = 0;

  /**
   * log-update (with its text-width tables, ~10 MB of memory) is loaded only to redraw a line on a
   * terminal: a CI run or a `--quiet` one never pays for it.
   */
  static async create(options: ProgressOptions, read: () => Progress): Promise<ProgressLine> {
    const update = options.enabled && options.tty ? (await import('log-update')).createLogUpdate(options.stream) : null;
    return new ProgressLine(options, read, update);
  }

  private constructor(
    private readonly options: ProgressOptions,
    private readonly read: () => Progress,
    private readonly update: LogUpdate | null,
  ) {}

  start(): void {
    if (!this.options.enabled) return;
    const interval = this.options.tty ? TTY_REDRAW_MS : LOG_LINE_EVERY_MS;
    this.timer = setInterval(() => this.draw(), interval);
    this.timer.unref();
  }

  /** Print a line above the progress line (warnings) without garbling it. */
  log(line: string): void {
    if (this.update) {
      this.update.clear();
      this.options.stream.write(`${line}\n`);
    } else this.options.stream.write(`${line}\n`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.update?.clear();
    this.update?.done();
  }

  private draw(): void {
    const p = this.read();
    const now = p.elapsedMs;
    const rate = now > this.lastAt ? ((p.requests - this.lastCount) * 1000) / (now - this.lastAt) : 0;
    this.lastCount = p.requests;
    this.lastAt = now;
    const planned = p.plannedMs ? ` / ${formatElapsed(p.plannedMs)}` : '';
    const pct = p.plannedMs ? ` ${Math.min(100, Math.floor((100 * now) / p.plannedMs))}%` : '';
    const text = `crmload ${formatElapsed(now)}${planned}${pct}  ${p.requests} requests  ${Math.round(rate)} req/s  ${p.active} active${p.dropped ? `  ${p.dropped} dropped` : ''}`;
    if (this.update) this.update(text);
    else this.options.stream.write(`${text}\n`);
  }
}
