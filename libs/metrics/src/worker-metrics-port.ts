/**
 * The METRICS_PORT of the worker that `npm start` runs beside the API: WORKER_METRICS_PORT when set (0: off), else
 * the port after the API's, else (the API's listener off) 0. Throws, naming the variable, when there is no next port.
 */
export function workerMetricsPort(env: { METRICS_PORT: number; WORKER_METRICS_PORT?: number }): number {
  if (env.WORKER_METRICS_PORT !== undefined) return env.WORKER_METRICS_PORT;
  if (env.METRICS_PORT === 0) return 0;
  if (env.METRICS_PORT >= 65535) throw new Error('invalid configuration:\n  WORKER_METRICS_PORT: is required when METRICS_PORT is 65535 (the worker takes the next port)');
  return env.METRICS_PORT + 1;
}
