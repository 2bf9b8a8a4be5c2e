// Bench: many sleeping VUs — one GET, then 1–3 s of think time (the VU-scale run).
import { defineScenario } from 'crmload';

export default defineScenario({
  name: 'bench-think',
  thinkTime: '1s..3s',
  async iteration(vu) {
    await vu.get('/');
    await vu.think();
  },
});
