import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RedisContext } from '@nestjs/microservices';
import { ErrorReply, RequestReply, Topics } from '@nautilus/messagebus';
import { BacktestsService } from '../backtests/backtests.service';
import { CreateBacktestDto } from '../backtests/dto/create-backtest.dto';
import { errorResponseOf } from '../common/filters/domain-error.filter';
import { validateBody, validationFailure } from '../common/validate-body';
import { CreateOptimizationDto } from '../optimization/dto/create-optimization.dto';
import { OptimizationService } from '../optimization/optimization.service';
import { StressTestDto } from '../stress/dto/stress-test.dto';
import { StressService } from '../stress/stress.service';

/** Returns the error reply of a refused message: the same error, field and message as REST's 4xx body. */
function errorReply(error: unknown): ErrorReply {
  const { body } = errorResponseOf(error);
  return {
    status: 'error',
    error: String(body.error ?? 'bad_request'),
    ...(body.field === undefined ? {} : { field: String(body.field) }),
    message: Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? ''),
  };
}

/** Runs `work`, turning any refusal into an error reply so that no message can crash the handler. */
async function reply(work: () => Promise<RequestReply>): Promise<RequestReply> {
  try {
    return await work();
  } catch (error) {
    return errorReply(error);
  }
}

/** Requires `body.backtest_type` to be `type` or absent (a topic fixes the type). */
function withType(body: unknown, type: CreateBacktestDto['backtest_type']): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const given = (body as { backtest_type?: unknown }).backtest_type;
  if (given !== undefined && given !== type) throw validationFailure('backtest_type', `backtest_type: this topic runs ${type}, found ${String(given)}`);
  return { ...body, backtest_type: type };
}

/**
 * Inbound topics of the Redis message bus. Each handler validates like its REST twin, calls the
 * same service, and answers with the accepted job (its outcome follows on the outbound topics).
 */
@Controller()
export class MessagingController {
  constructor(
    private readonly backtests: BacktestsService,
    private readonly optimization: OptimizationService,
    private readonly stress: StressService,
  ) {}

  @MessagePattern(Topics.BacktestExecute)
  execute(@Payload() body: unknown, @Ctx() ctx: RedisContext): Promise<RequestReply> {
    return reply(async () => this.accepted(ctx, await this.backtests.submit(await validateBody(CreateBacktestDto, body))));
  }

  @MessagePattern(Topics.StrategyValidate)
  validateStrategy(@Payload() body: unknown, @Ctx() ctx: RedisContext): Promise<RequestReply> {
    return reply(async () => this.accepted(ctx, await this.backtests.submit(await validateBody(CreateBacktestDto, withType(body, 'strategy_validation')))));
  }

  @MessagePattern(Topics.PortfolioOptimize)
  optimizePortfolio(@Payload() body: unknown, @Ctx() ctx: RedisContext): Promise<RequestReply> {
    return reply(async () => this.accepted(ctx, await this.backtests.submit(await validateBody(CreateBacktestDto, withType(body, 'portfolio_optimization')))));
  }

  @MessagePattern(Topics.BacktestOptimize)
  optimize(@Payload() body: unknown, @Ctx() ctx: RedisContext): Promise<RequestReply> {
    return reply(async () => this.accepted(ctx, await this.optimization.submit(await validateBody(CreateOptimizationDto, body))));
  }

  /** Stress tests run at once (as POST /stress-test does), so the reply carries the result. */
  @MessagePattern(Topics.RiskScenario)
  riskScenario(@Payload() body: unknown, @Ctx() ctx: RedisContext): Promise<RequestReply> {
    return reply(async () => ({ status: 'completed', request_topic: ctx.getChannel(), ...(await this.stress.run(await validateBody(StressTestDto, body))) }));
  }

  /** The reply of a queued job: its REST view, with the view's status kept as job_status. */
  private accepted(ctx: RedisContext, job: { status: string }): RequestReply {
    return { ...job, status: 'accepted', job_status: job.status, request_topic: ctx.getChannel() };
  }
}
