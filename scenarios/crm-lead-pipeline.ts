/**
 * crm-lead-pipeline: a sales rep takes a new lead all the way — creates it, qualifies it, converts it
 * (account + contact + opportunity in one transaction), logs a call, then moves the deal through the
 * stages until it is won or lost. Each VU is one rep from data/users.csv who logs in once, as a
 * browser does (a session cookie, kept in the VU's cookie jar); the deal's stage moves are a group.
 */
import { csv, defineScenario, type Vu, type VuResponse } from 'crmload';

const SOURCES = ['web', 'referral', 'event', 'partner', 'cold_call', 'advertisement'] as const;

interface Converted {
  account: { id: number };
  contact: { id: number };
  opportunity: { id: number; stage: string };
}

interface NewLead {
  firstName: string;
  lastName: string;
  company: string;
  email: string;
  phone: string;
  source: string;
}

/** A new lead as a web form would send it. */
function newLead(vu: Vu): NewLead {
  const firstName = vu.fake.person.firstName();
  const lastName = vu.fake.person.lastName();
  return {
    firstName, lastName, company: vu.fake.company.name(),
    email: vu.fake.internet.email({ firstName, lastName }).toLowerCase(),
    phone: vu.fake.phone.number().slice(0, 40), source: vu.random.pick(SOURCES),
  };
}

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

/** A row of data/users.csv. */
interface Rep extends Record<string, string> {
  email: string;
  password: string;
}

export default defineScenario({
  name: 'crm-lead-pipeline',
  description: 'Lead to deal: create a lead, qualify, convert it, log a call, move the opportunity through the stages to closed',
  defaults: { rate: 10, duration: '30s', maxVus: 50 },
  thinkTime: '50ms..200ms',
  sla: [
    'p95 < 400ms',
    'availability >= 99.9%',
    'error_rate < 1%',
    'p95{step="create lead"} < 300ms',
    'p95{step="convert lead"} < 800ms',
    'p95{step="close opportunity"} < 400ms',
    'checks > 99%',
  ],
  data: { reps: csv<Rep>('data/users.csv') },
  async iteration(vu) {
    // This VU's rep, taken from the feeder on its first iteration; it logs in once (cookie session).
    if (!vu.state.rep) {
      const rep: Rep = vu.data.reps;
      await vu.post('/api/auth/session', { name: 'login', json: { email: rep.email, password: rep.password }, expect: 200 });
      vu.state.rep = rep.email;
    }
    const lead = newLead(vu);
    const created = await vu.post('/api/leads', { name: 'create lead', json: lead, expect: 201 });
    const { id } = created.json<{ id: number }>();
    await vu.get(`/api/leads/${id}`, { name: 'get lead', expect: 200 });
    await vu.think();
    await vu.post(`/api/leads/${id}/qualify`, { name: 'qualify lead', expect: 200 });
    await vu.think();
    const converted = await vu.post(`/api/leads/${id}/convert`, {
      name: 'convert lead', expect: 200,
      json: {
        opportunityName: `${lead.company} - ${vu.random.pick(['New business', 'Pilot', 'Expansion'])}`,
        amount: vu.random.int(5, 250) * 1_000,
        stage: 'qualification',
        closeDate: `2025-${twoDigits(vu.random.int(1, 12))}-${twoDigits(vu.random.int(1, 28))}`,
      },
    });
    const { account, contact, opportunity } = converted.json<Converted>();
    vu.check(converted, { 'converted into an open opportunity': () => opportunity.stage === 'qualification' && account.id > 0 && contact.id > 0 });
    await vu.post('/api/activities', {
      name: 'log call', expect: 201,
      json: {
        type: 'call', subject: `Call: ${vu.fake.company.buzzPhrase()}`, contactId: contact.id, accountId: account.id,
        opportunityId: opportunity.id, done: true,
      },
    });
    await vu.think();
    const deal = `/api/opportunities/${opportunity.id}`;
    await vu.group('work the deal', async () => {
      await vu.patch(deal, { name: 'move to proposal', json: { stage: 'proposal' }, expect: 200 });
      await vu.think();
      await vu.patch(deal, { name: 'move to negotiation', json: { stage: 'negotiation' }, expect: 200 });
      await vu.think();
      const outcome = vu.random.next() < 0.6 ? 'closed_won' : 'closed_lost';
      const closed = (res: VuResponse): boolean => res.status === 200 && res.json<{ stage: string }>().stage === outcome;
      await vu.patch(deal, { name: 'close opportunity', json: { stage: outcome }, expect: closed });
      if (outcome === 'closed_won') vu.metric.counter('deals_won').add();
    });
  },
});
