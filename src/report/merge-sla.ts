/**
 * The merged report's SLA verdict. Kept behind this one function so merge judges exactly what a run's
 * final report judges: it evaluates the report-shaped merged data like `build.ts` does.
 */
import { evaluateSlas } from '../sla/evaluate.js';
import type { Sla } from '../sla/types.js';
import type { Report, SlaVerdict } from './types.js';

export function slaVerdictOf(slas: readonly Sla[], report: Omit<Report, 'sla'>): SlaVerdict {
  return evaluateSlas(slas, report);
}
