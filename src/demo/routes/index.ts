/** Every route of the demo CRM, in matching order. */
import type { AppRoute } from '../app.js';
import { accountRoutes } from './accounts.js';
import { activityRoutes } from './activities.js';
import { authRoutes } from './auth.js';
import { contactRoutes } from './contacts.js';
import { importRoutes } from './imports.js';
import { leadRoutes } from './leads.js';
import { opportunityRoutes } from './opportunities.js';
import { reportRoutes } from './reports.js';
import { searchRoutes } from './search.js';
import { systemRoutes } from './system.js';

export const ROUTES: readonly AppRoute[] = [
  ...systemRoutes,
  ...authRoutes,
  ...accountRoutes,
  ...contactRoutes,
  ...leadRoutes,
  ...opportunityRoutes,
  ...activityRoutes,
  ...searchRoutes,
  ...reportRoutes,
  ...importRoutes,
];
