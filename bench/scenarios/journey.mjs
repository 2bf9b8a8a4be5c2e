// Bench: a 3-step journey — GET and read its JSON, POST a JSON body built from it, GET the item.
// The fast targets answer every request with the same small JSON object ({"id":42,…}).
import { defineScenario } from 'crmload';

export default defineScenario({
  name: 'bench-journey',
  async iteration(vu) {
    const list = await vu.get('/api/items', { name: 'list items' });
    const { id } = list.json();
    await vu.post('/api/items', { name: 'create item', json: { id, name: 'bench item', tags: ['a', 'b'] } });
    await vu.get(`/api/items/${id}`, { name: 'get item' });
  },
});
