import { defineScenario } from 'crmload';
export default defineScenario({
  name: 'think-short', thinkTime: process.env.THINK ?? '100ms..300ms',
  async iteration(vu) { await vu.get('/'); await vu.think(); },
});
