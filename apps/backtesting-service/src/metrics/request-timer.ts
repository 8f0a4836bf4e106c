import type { NextFunction, Request, Response } from 'express';
import { MetricsRecorder } from './metrics-recorder';

/**
 * Returns Express middleware that records each request's time in this process, from the moment
 * Node hands it over parsed to the moment its response is written, under its route pattern (e.g.
 * `GET /backtests/:id`). Beside a client's own timing it tells the service's share of a latency
 * from the network's and the client's.
 */
export function requestTimer(metrics: MetricsRecorder) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.on('finish', () => {
      const path = req.route?.path as string | undefined;
      metrics.recordRequest(path === undefined ? `${req.method} (no route)` : `${req.method} ${req.baseUrl}${path}`, performance.now() - started);
    });
    next();
  };
}
