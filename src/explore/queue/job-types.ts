import type { PointError, PointResult } from '../run-point.js';
import type { InputFile } from './input-files.js';

/** The data of one BullMQ job: one point of a sweep. */
export interface PointJob {
  /** Which sweep the job belongs to (jobs of other sweeps may share the queue). */
  readonly sweep: string;
  readonly index: number;
  /** `chimera run` arguments, as typed on the explorer's machine. */
  readonly argv: readonly string[];
  /** The board name and every program file with its SHA-256: a worker with other files refuses. */
  readonly inputs: readonly InputFile[];
}

/** What a worker returns for a job. */
export type PointJobResult = PointResult | PointError;

export const JOB_NAME = 'point';
