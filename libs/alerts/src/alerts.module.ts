import { Global, Module } from '@nestjs/common';
import { WebhooksModule } from '@docket/webhooks';
import { Alerts } from './alerts';

@Global()
@Module({ imports: [WebhooksModule], providers: [Alerts], exports: [Alerts] })
export class AlertsModule {}
