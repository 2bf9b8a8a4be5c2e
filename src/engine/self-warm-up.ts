/**
 * The self warm-up: before the measured clock starts, the generator drives its own request path —
 * the quick driver, or scenario VUs running a built-in journey (GET and json(), POST json, GET) —
 * against an in-process loopback server for a few thousand requests or a few hundred milliseconds,
 * whichever comes first. V8 compiles and optimises that code (crmload's and undici's) then, not
 * during the first measured second. Nothing reaches the target and nothing is recorded: the warm-up
 * has its own client, recorder and VUs, thrown away afterwards. The scenario's own code does not
 * run (it could have effects of its own); its first iterations are measured as they come.
 */
import { HttpClient } from '../http/client.js';
import { startLoopback } from '../http/loopback.js';
import { ClosedExecutor } from '../load/closed.js';
import { systemClock, type DriverFactory } from '../load/driver.js';
import { constantProfile } from '../load/profile.js';
import { Recorder } from '../metrics/recorder.js';
import { defineScenario } from '../scenario/define.js';
import { ScenarioRuntime } from '../scenario/runtime.js';
import { ScenarioVu } from '../scenario/vu.js';
import { RunContext, type RunSettings } from './context.js';
import { QuickDriver, quickRequest } from './quick-driver.js';
import { Warnings } from './warnings.js';

/** Bounds of the warm-up: whichever is reached first ends it. */
export const WARM_UP = { requests: 3000, maxMs: 300, vus: 8 } as const;

/** What the warm-up did (for the report). */
export interface WarmUpResult {
  requests: number;
  ms: number;
}

const BODY = '{"id":42,"name":"warm-up","items":[1,2,3]}';

/** The journey the warm-up VUs run: the VU API's common calls, each its own step. */
const JOURNEY = defineScenario({
  name: 'crmload self warm-up',
  async iteration(vu) {
    const list = await vu.get('/warm-up/items', { query: { page: 1 } });
    const { id } = list.json<{ id: number }>();
    await vu.post('/warm-up/items', { json: { id, name: 'warm-up' }, expect: 200 });
    await vu.get(`/warm-up/items/${id}`);
  },
});

/**
 * Drive the hot path in process; `quickPath` is quick mode's path (null for scenario VUs). Returns
 * how many requests the loopback answered and how long it took.
 */
export async function selfWarmUp(template: RunSettings, quickPath: string | null): Promise<WarmUpResult> {
  const started = performance.now();
  const loopback = await startLoopback(BODY);
  const client = new HttpClient({ connections: WARM_UP.vus, pipelining: 1, timeoutMs: 5_000, verifyTls: true, keepAlive: true });
  const settings: RunSettings = { ...template, client, origin: loopback.origin, basePath: '', warnings: new Warnings(), env: {}, fakerFactory: null, onSecret: () => {} };
  const recorder = new Recorder({ startedAt: started, warmupMs: 0, plannedMs: null, activeVus: () => 0, serviceIsLatency: !template.openModel, singleStep: quickPath !== null }, false);
  const ctx = new RunContext(settings, recorder, started);
  const perIteration = quickPath === null ? 3 : 1;
  const executor = new ClosedExecutor(
    { profile: constantProfile(WARM_UP.vus, WARM_UP.maxMs), iterations: Math.ceil(WARM_UP.requests / perIteration) },
    drivers(ctx, quickPath),
    systemClock,
  );
  try {
    await executor.run();
    ctx.stopping = true;
    await Promise.race([executor.idle(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    client.interruptAll();
  } finally {
    await client.close();
    await loopback.close();
  }
  return { requests: loopback.answered, ms: Math.round(performance.now() - started) };
}

function drivers(ctx: RunContext, quickPath: string | null): DriverFactory {
  if (quickPath !== null) {
    const request = quickRequest(ctx.origin, quickPath, ctx.headers);
    const sink = ctx.step(`GET ${quickPath.split('?')[0]}`, 'warm-up');
    return (id, owner) => new QuickDriver(id, owner, ctx, request, sink);
  }
  const runtime = new ScenarioRuntime(JOURNEY, null);
  return (id, owner) => new ScenarioVu(id, owner, ctx, () => runtime);
}
