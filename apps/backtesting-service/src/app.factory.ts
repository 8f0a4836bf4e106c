import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DomainErrorFilter } from './common/filters/domain-error.filter';
import { firstFailure, VALIDATION_OPTIONS, validationFailure } from './common/validate-body';
import { ServiceConfig } from './core/service-config';
import { SERVICE_CONFIG } from './core/tokens';

/** Applies what main.ts and the e2e tests share: body limit, validation, error mapping, OpenAPI. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  app.useBodyParser('json', { limit: config.bodyLimit });
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
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
