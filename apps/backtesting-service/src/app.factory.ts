import { BadRequestException, INestApplication, ValidationError as ClassValidationError, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DomainErrorFilter } from './common/filters/domain-error.filter';
import { ServiceConfig } from './core/service-config';
import { SERVICE_CONFIG } from './core/tokens';

/** Returns the dotted path and first message of the first failing property, e.g. commission.rate. */
function firstFailure(errors: ClassValidationError[], prefix = ''): { field: string; message: string } {
  const e = errors[0];
  const field = prefix ? `${prefix}.${e.property}` : e.property;
  if (e.constraints) return { field, message: `${field}: ${Object.values(e.constraints)[0]}` };
  return firstFailure(e.children ?? [], field);
}

/** Applies what main.ts and the e2e tests share: body limit, validation, error mapping, OpenAPI. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.useGlobalPipes(
    new ValidationPipe({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      exceptionFactory: (errors) => {
        const { field, message } = firstFailure(errors);
        return new BadRequestException({ error: 'validation_failed', field, message });
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
