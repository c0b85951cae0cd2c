import { Logger, Provider } from '@nestjs/common';
import { AppConfig } from '@docket/config';
import { IncitementDetector } from './incitement-detector';
import { CLASSIFIER } from './classifier';
import { EXTERNAL_SCORER, ExternalScorer } from './external-scorer';

/** The built-in detector (rules and model), one per process: it holds the model's weights (about 1 MB). */
export const classifierProvider: Provider = { provide: CLASSIFIER, useFactory: () => new IncitementDetector() };

/** The operator's scorer from CLASSIFIER_URL and its settings; null when it is not set. */
export const externalScorerProvider: Provider = {
  provide: EXTERNAL_SCORER,
  inject: [AppConfig],
  useFactory: (config: AppConfig): ExternalScorer | null =>
    config.CLASSIFIER_URL
      ? new ExternalScorer(
          {
            url: config.CLASSIFIER_URL,
            timeoutMs: config.CLASSIFIER_TIMEOUT_MS,
            threshold: config.CLASSIFIER_THRESHOLD,
            attribute: config.CLASSIFIER_ATTRIBUTE,
            breakerFailures: config.CLASSIFIER_BREAKER_FAILURES,
            breakerResetMs: config.CLASSIFIER_BREAKER_RESET_MS,
            concurrency: config.CLASSIFIER_CONCURRENCY,
          },
          new Logger('ExternalScorer'),
        )
      : null,
};
