/** Topic names of the backtesting service on the message bus; `*` parts carry a request or job id. */
export const Topics = {
  BacktestExecute: 'backtest.execute.*',
  BacktestOptimize: 'backtest.optimize.*',
  StrategyValidate: 'strategy.validate.*',
  RiskScenario: 'risk.scenario.*',
  PortfolioOptimize: 'portfolio.optimize.*',
  ExecutionStarted: 'backtest.execution.started.*',
  ExecutionCompleted: 'backtest.execution.completed.*',
  OptimizationCompleted: 'backtest.optimization.completed.*',
  HealthMetrics: 'backtesting.health_metrics',
  PerformanceSummary: 'backtesting.performance_summary',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

/** Returns `pattern` with its `*` replaced by `id`. */
export function topicFor(pattern: Topic, id: string): string {
  return pattern.replace('*', id);
}

/** Returns whether `topic` matches `pattern`, where `*` matches exactly one dot-free segment. */
export function topicMatches(pattern: string, topic: string): boolean {
  const p = pattern.split('.');
  const t = topic.split('.');
  return p.length === t.length && p.every((part, i) => part === '*' || part === t[i]);
}
