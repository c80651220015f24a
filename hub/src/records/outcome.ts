import type { PushResult } from '../../../src/contracts';

export interface Outcome {
  status: PushResult['status'];
  seq?: number;
  message?: string;
  current?: unknown;
}

export const STATUS_CODE: Record<Outcome['status'], number> = {
  applied: 200,
  duplicate: 200,
  conflict: 409,
  forbidden: 403,
  notFound: 404,
};
