// Bench: the quick-mode request written as a scenario (one GET per iteration), to measure the VU API's cost.
import { defineScenario } from 'crmload';

export default defineScenario({
  name: 'bench-one-step',
  async iteration(vu) {
    await vu.get('/');
  },
});
