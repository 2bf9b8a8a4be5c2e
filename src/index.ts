/** crmload's public API: what scenario files import. */
export { defineScenario, defineMix } from './scenario/define.js';
export type {
  BatchRequest,
  Expectation,
  HttpMethod,
  Mix,
  MixDefinition,
  MixEntry,
  Random,
  RequestOptions,
  Scenario,
  ScenarioDefaults,
  ScenarioDefinition,
  SetupApi,
  SlaEntry,
  Vu,
  VuResponse,
} from './scenario/types.js';
export type { Report } from './report/types.js';
