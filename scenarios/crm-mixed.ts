/**
 * crm-mixed: a CRM day in one run — mostly reads (browsing), then writes (leads taken through the
 * pipeline), search, reports and the odd import, picked per iteration by weight from the seeded RNG.
 * Each scenario's setup() runs once, before the load.
 */
import { defineMix } from 'crmload';
import browse from './crm-browse.js';
import importContacts from './crm-import.js';
import leadPipeline from './crm-lead-pipeline.js';
import reporting from './crm-reporting.js';
import search from './crm-search.js';

export default defineMix({
  name: 'crm-mixed',
  description: 'A CRM day: browse 50%, search 20%, lead pipeline 15%, reporting 10%, import 5% (weighted, seeded)',
  defaults: { rate: 20, duration: '30s', maxVus: 50 },
  sla: [
    'p95 < 500ms',
    'p99 < 1s',
    'availability >= 99.9%',
    'error_rate < 1%',
    'p95{step="list contacts"} < 400ms',
    'p95{step="search"} < 400ms',
    'p95{step="convert lead"} < 800ms',
    'p95{step="pipeline report"} < 600ms',
  ],
  scenarios: [
    { scenario: browse, weight: 50 },
    { scenario: search, weight: 20 },
    { scenario: leadPipeline, weight: 15 },
    { scenario: reporting, weight: 10 },
    { scenario: importContacts, weight: 5 },
  ],
});
