/** crmload's public API: what scenario files import. */
export { defineScenario, defineMix } from './scenario/define.js';
export { csv, json } from './scenario/feeders.js';
export type {
  BatchRequest,
  Checks,
  CookieJar,
  Counter,
  Expectation,
  Feeder,
  FeederMap,
  HttpMethod,
  Metrics,
  Mix,
  MixDefinition,
  MixEntry,
  MultipartFile,
  Random,
  Rate,
  RequestOptions,
  ResponseTimings,
  Row,
  RowsOf,
  Scenario,
  ScenarioDefaults,
  ScenarioDefinition,
  SetupApi,
  SlaEntry,
  Trend,
  Vu,
  VuResponse,
} from './scenario/types.js';
export type { FeederExhausted, FeederMode, FeederOptions } from './scenario/feeder-types.js';
export type { Report } from './report/types.js';
