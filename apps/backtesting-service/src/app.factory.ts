import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { DocumentBuilder, SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { StrategyRegistry } from '@nautilus/domain';
import { ONNX_MODEL_STRATEGY_ID } from '@nautilus/hardware-router';
import type { NextFunction, Request, Response } from 'express';
import { DomainErrorFilter } from './common/filters/domain-error.filter';
import { rejectDeepBody, requireJsonBody } from './common/json-body';
import { declareCommonAnswers, API_KEY_SCHEME } from './common/openapi';
import { firstFailure, VALIDATION_OPTIONS, validationFailure } from './common/validate-body';
import { ServiceConfig } from './core/service-config';
import { SERVICE_CONFIG, STRATEGY_REGISTRY } from './core/tokens';
import { MetricsRecorder } from './metrics/metrics-recorder';
import { requestTimer } from './metrics/request-timer';

/** Applies what main.ts and the e2e tests share: JSON bodies (type, size, depth), validation, error mapping, OpenAPI. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  app.use(requestTimer(app.get(MetricsRecorder)));
  // Security headers everywhere; Swagger UI's page needs its own scripts, so it goes without a CSP.
  const strict = helmet();
  const docs = helmet({ contentSecurityPolicy: false });
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/docs') ? docs : strict)(req, res, next));
  if (config.corsOrigins) app.enableCors({ origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins] });
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.use(rejectDeepBody);
  app.useGlobalPipes(
    new ValidationPipe({
      transform: true,
      ...VALIDATION_OPTIONS,
      exceptionFactory: (errors) => {
        const { field, message } = firstFailure(errors);
        return validationFailure(field, message);
      },
    }),
  );
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Nautilus Backtest')
      .setDescription('Backtests on real data with next-bar fills; every number is measured from the run.')
      .setVersion('0.1.0')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Checked when the service runs with BACKTESTING_API_KEY; otherwise ignored' }, API_KEY_SCHEME)
      .build(),
  );
  declareCommonAnswers(document);
  // Module strategies are known only once the registry is built, after the DTO's decorators ran.
  const strategyId = (document.components?.schemas?.CreateBacktestDto as SchemaObject | undefined)?.properties?.strategy_id as SchemaObject | undefined;
  if (strategyId) strategyId.enum = [...app.get<StrategyRegistry>(STRATEGY_REGISTRY).ids(), ONNX_MODEL_STRATEGY_ID];
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
