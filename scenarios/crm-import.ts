/**
 * crm-import: an ops user uploads a contact list — the server answers 202 with a job id at once and
 * imports in the background; the client polls the job until it is done, checks the counts (a couple
 * of bad rows are rejected, the rest created), and looks one imported contact up by email.
 */
import { defineScenario, type Vu, type VuResponse } from 'crmload';
import { auth, login, type Page, type Session } from './_crm.js';

// 20-50 ms apart: a few seconds, far more than an import of 300 rows needs.
const MAX_POLLS = 100;

/** Name pools made once in setup(): faker per record would block the generator for milliseconds. */
interface Pools {
  firstNames: string[];
  lastNames: string[];
  titles: string[];
}

interface Shared extends Session, Pools {
  accounts: number;
}

interface Job {
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  created: number;
  rejected: number;
}

/** `count` contact records, the first `bad` of them invalid (no last name, bad email), as real files have. */
function contactRecords(vu: Vu, shared: Shared, count: number, bad: number): Array<Record<string, unknown>> {
  const { random } = vu;
  return Array.from({ length: count }, (_, i) => {
    const firstName = random.pick(shared.firstNames);
    const lastName = random.pick(shared.lastNames);
    if (i < bad) return { firstName, email: 'not-an-email' };
    const local = `${firstName}.${lastName}.${vu.iterationInTest}.${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    return {
      firstName, lastName, email: `${local}@import.example.com`, title: random.pick(shared.titles),
      accountId: random.next() < 0.8 ? random.int(1, shared.accounts) : null,
    };
  });
}

/** A poll's check: a failed job, or a finished one with other counts than expected, is a `check` error. */
function jobCheck(created: number, rejected: number): (res: VuResponse) => boolean {
  return (res) => {
    if (res.status !== 200) return false;
    const job = res.json<Job>();
    if (job.status === 'done') return job.created === created && job.rejected === rejected;
    return job.status !== 'failed';
  };
}

export default defineScenario<Shared>({
  name: 'crm-import',
  description: 'Import: upload 100-300 contacts (202 + job id), poll the job until done, check the counts, find one',
  defaults: { rate: 2, duration: '30s', maxVus: 20 },
  thinkTime: '20ms..50ms',
  sla: [
    'p95 < 300ms',
    'availability >= 99.9%',
    'error_rate < 1%',
    'p95{step="start import"} < 500ms',
    'p95{step="poll import"} < 200ms',
  ],
  async setup(api) {
    const session = await login(api);
    const accounts = await api.get('/api/accounts', {
      name: 'count accounts', headers: auth(session), query: { pageSize: 1 }, expect: 200,
    });
    const pool = (make: () => string): string[] => Array.from({ length: 100 }, make);
    return {
      ...session,
      accounts: Math.max(1, accounts.json<Page<unknown>>().total),
      firstNames: pool(() => api.fake.person.firstName()),
      lastNames: pool(() => api.fake.person.lastName()),
      titles: pool(() => api.fake.person.jobTitle()),
    };
  },
  async iteration(vu, shared) {
    const headers = auth(shared);
    const bad = vu.random.int(0, 2);
    const records = contactRecords(vu, shared, vu.random.int(100, 300), bad);
    const started = await vu.post('/api/imports', { name: 'start import', headers, json: { records }, expect: 202 });
    const { jobId } = started.json<{ jobId: number }>();
    const healthy = jobCheck(records.length - bad, bad);
    let job: Job | undefined;
    for (let poll = 0; poll < MAX_POLLS && job?.status !== 'done'; poll++) {
      if (poll > 0) await vu.think();
      job = (await vu.get(`/api/jobs/${jobId}`, { name: 'poll import', headers, expect: healthy })).json<Job>();
    }
    if (job?.status !== 'done') {
      throw new Error(`import job ${jobId} not done after ${MAX_POLLS} polls (${job?.processed}/${job?.total})`);
    }
    const email = String(records[bad].email);
    await vu.get('/api/contacts', {
      name: 'find imported contact', headers, query: { email },
      expect: (r) => r.status === 200 && r.json<Page<unknown>>().total >= 1,
    });
  },
});
