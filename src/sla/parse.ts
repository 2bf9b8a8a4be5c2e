/**
 * Parser for SLA expressions (DESIGN §4).
 *
 * Grammar (whitespace is free between tokens and inside `p( N )`):
 *
 * ```
 * EXPR   := METRIC [ '{' KEY '=' '"' VALUE '"' '}' ] OP NUMBER [UNIT]
 * METRIC := p50 | p75 | p90 | p95 | p99 | p99.9 | p(N) | min | mean | max    latency (ms)
 *         | service.p95 | service.p(N) | service.min|mean|max ...            service time (ms)
 *         | throughput | iterations                                         per second
 *         | availability | error_rate                                       percent
 *         | dropped                                                         count
 *         | window.p99 | throughput_cv                                      stability over 10 s windows
 *         | iterations_failed                                               percent of finished iterations
 *         | iteration_duration.p95 | iteration_duration.p(N) | …            journey time of completed iterations (ms)
 *         | group_duration.p95 ...   with {group="NAME"}                    duration of a vu.group (ms)
 *         | checks                   [{name="CHECK"}]                       percent of checks passed
 *         | p95 ... | min | mean | max  with {trend="NAME"}                 a custom trend (ms)
 *         | NAME                                                            a custom counter (bare count: its
 *                                                                           total; /s or /m: its rate) or rate (%)
 * KEY    := step | scenario | group | name | trend
 * VALUE  := any characters; \" stands for a quote, \\ for a backslash
 * OP     := < | <= | > | >= | ==
 * NUMBER := decimal, finite, not negative (12, 0.5, .5, 1e3)
 * UNIT   := us | ms | s | % | /s | /m
 * ```
 *
 * Rules: p(N) needs 0 < N <= 100. NUMBER is finite and not negative (nor -0). Units must fit the metric,
 * and a bare number is allowed only where it cannot be misread: latency takes us, ms or s;
 * availability and error_rate take % in 0..100 (a bare number there is an error: 0.01 could mean 1% or
 * 0.01%; only 0 may go without a unit); throughput and iterations take /s or /m (bare = /s); dropped
 * takes a bare count; throughput_cv takes a bare fraction or % (10% → 0.1).
 * Targets are stored in the canonical unit (see `Sla`): `1s` → 1000 ms, `500us` → 0.5 ms, `3000/m` → 50/s.
 */
import { ConfigError } from '../errors.js';
import { canonicalUnit, convertTarget, customUnit, resolveMetric, type Checked, type MetricRef } from './metrics.js';
import type { Sla, SlaOp, SlaScope } from './types.js';

/** An SLA expression that does not parse. The message names the expression and the problem. */
export class SlaParseError extends ConfigError {
  override name = 'SlaParseError';
  constructor(
    readonly expression: string,
    readonly problem: string,
  ) {
    super(`SLA "${printable(expression)}": ${problem}`);
  }
}

/** Parses one SLA expression; throws `SlaParseError` on the first problem. */
export function parseSla(expression: string): Sla {
  const scanner = new Scanner(expression);
  const fail = (problem: string): never => {
    throw new SlaParseError(expression, problem);
  };
  if (expression.trim() === '') fail('empty expression; expected METRIC OP NUMBER[UNIT], like p95 < 200ms');
  const name = scanner.metricName() ?? fail(`expected a metric name at "${scanner.rest()}"`);
  const resolved = unwrap(resolveMetric(name), fail);
  const scope = scanner.peek('{') ? unwrap(scanScope(scanner), fail) : null;
  const ref = unwrap(scoped(resolved, scope), fail);
  const op = scanner.operator() ?? fail(`expected an operator (<, <=, >, >=, ==) after "${scanner.before()}", got ${scanner.describeRest()}`);
  const text = scanner.number() ?? fail(`expected a number after "${op}", got ${scanner.describeRest()}`);
  const number = Number(text);
  if (!Number.isFinite(number)) fail(`target ${text} is not a finite number`);
  if (number < 0 || Object.is(number, -0)) fail(`target ${text} must not be negative`);
  const unit = scanner.rest();
  const target = unwrap(convertTarget(ref, number, unit), fail);
  return { expression, ...ref, scope, op, target, unit: ref.kind === 'custom' ? customUnit(unit) : canonicalUnit(ref.kind) };
}

/** Which scope keys fit which metrics; `{trend="…"}` turns a latency metric into a custom trend's. */
function scoped(ref: MetricRef, scope: SlaScope): Checked<MetricRef> {
  const key = scope ? (Object.keys(scope)[0] as keyof NonNullable<SlaScope>) : null;
  if (ref.kind === 'group_duration' && key !== 'group') return { problem: `${ref.metric} needs a group, like ${ref.metric}{group="convert lead"}` };
  if (key === 'group' && ref.kind !== 'group_duration') return { problem: `{group="…"} goes with group_duration, like group_duration.p95{group="${scope!.group}"}` };
  if (key === 'name' && ref.kind !== 'checks') return { problem: `{name="…"} goes with checks, like checks{name="${scope!.name}"} > 99%` };
  if (key === 'trend') {
    if (ref.kind !== 'latency') return { problem: `{trend="…"} goes with a latency metric (p95, p(N), min, mean, max), like p95{trend="${scope!.trend}"}` };
    return { value: { ...ref, kind: 'trend' } };
  }
  const runWide = ref.kind === 'checks' || ref.kind === 'custom';
  if (runWide && (key === 'step' || key === 'scenario')) return { problem: `${ref.metric} is measured for the whole run; it takes no ${key}` };
  if (key === 'step' && (ref.kind === 'iterations_failed' || ref.kind === 'iteration_duration')) return { problem: `${ref.metric} is measured per scenario, not per step` };
  return { value: ref };
}

/** Parses every expression, collecting every problem instead of stopping at the first. */
export function parseSlas(expressions: readonly string[]): { slas: Sla[]; issues: string[] } {
  const slas: Sla[] = [];
  const issues: string[] = [];
  for (const expression of expressions) {
    try {
      slas.push(parseSla(expression));
    } catch (error) {
      if (!(error instanceof SlaParseError)) throw error;
      issues.push(error.message);
    }
  }
  return { slas, issues };
}

function unwrap<T>(checked: Checked<T>, fail: (problem: string) => never): T {
  return 'problem' in checked ? fail(checked.problem) : checked.value;
}

function scanScope(scanner: Scanner): Checked<SlaScope> {
  scanner.expect('{');
  const key = scanner.word();
  if (key !== 'step' && key !== 'scenario' && key !== 'group' && key !== 'name' && key !== 'trend') {
    return { problem: `unknown scope key "${key ?? scanner.rest()}"; expected step, scenario, group, name or trend, like p95{step="get lead"}` };
  }
  if (!scanner.expect('=')) return { problem: `expected = after "${key}" in the scope` };
  if (!scanner.peek('"')) return { problem: `the ${key} name must be in double quotes, like ${key}="get lead"` };
  const value = scanner.quoted();
  if (value === undefined) return { problem: `the ${key} name has no closing quote` };
  if (value === '') return { problem: `the ${key} name is empty` };
  if (!scanner.expect('}')) return { problem: `expected } after ${key}="${value}", got ${scanner.describeRest()}` };
  return { value: { [key]: value } };
}

const OPERATORS: readonly SlaOp[] = ['<=', '>=', '==', '<', '>']; // two-character operators first

/** A cursor over one expression; every method skips leading whitespace. */
class Scanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  /** The metric name with whitespace inside `p( N )` removed, or undefined. */
  metricName(): string | undefined {
    return this.match(/[A-Za-z_][\w.]*(?:\s*\([^)]*\))?/y)?.replace(/\s+/g, '');
  }

  word(): string | undefined {
    return this.match(/[A-Za-z_]\w*/y);
  }

  operator(): SlaOp | undefined {
    this.skipSpace();
    const op = OPERATORS.find((candidate) => this.text.startsWith(candidate, this.pos));
    if (op) this.pos += op.length;
    return op;
  }

  /** A number as written (`12`, `-0`, `1e3`), or undefined. */
  number(): string | undefined {
    return this.match(/[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y);
  }

  /** A double-quoted string with `\"` and `\\` escapes, or undefined when absent or unterminated. */
  quoted(): string | undefined {
    if (!this.expect('"')) return undefined;
    let value = '';
    for (let i = this.pos; i < this.text.length; i++) {
      const char = this.text[i];
      if (char === '"') {
        this.pos = i + 1;
        return value;
      }
      if (char === '\\' && i + 1 < this.text.length) i++;
      value += this.text[i];
    }
    return undefined;
  }

  peek(literal: string): boolean {
    this.skipSpace();
    return this.text.startsWith(literal, this.pos);
  }

  expect(literal: string): boolean {
    const found = this.peek(literal);
    if (found) this.pos += literal.length;
    return found;
  }

  /** What is left, trimmed. */
  rest(): string {
    return this.text.slice(this.pos).trim();
  }

  describeRest(): string {
    const rest = this.rest();
    return rest === '' ? 'the end of the expression' : `"${rest}"`;
  }

  before(): string {
    return this.text.slice(0, this.pos).trim();
  }

  private match(pattern: RegExp): string | undefined {
    this.skipSpace();
    pattern.lastIndex = this.pos;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    this.pos += found[0].length;
    return found[0];
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
}

/** Keeps a message on one line whatever the expression holds. */
function printable(expression: string): string {
  return expression.replace(/[\u0000-\u001f\u007f]/g, (char) => JSON.stringify(char).slice(1, -1));
}
