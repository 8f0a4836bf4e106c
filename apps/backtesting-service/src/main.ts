import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.factory';
import { ServiceConfig } from './core/service-config';
import { connectMessageBus } from './messaging/connect-message-bus';
import { SERVICE_CONFIG } from './core/tokens';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: new ConsoleLogger({ json: true }),
  });
  configureApp(app);
  await connectMessageBus(app);
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  await app.listen(config.port, config.host);
  new ConsoleLogger('bootstrap', { json: true }).log(`listening on http://${config.host}:${config.port} (OpenAPI at /docs)`);
}

void bootstrap();
