// The DataSource the TypeORM CLI uses (`npm run migration:generate`).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadEnvironment } from '@docket/config';
import { dataSourceOptions } from './data-source-options';

const env = loadEnvironment();
export default new DataSource(dataSourceOptions({ url: env.DATABASE_URL, poolSize: 2, applicationName: 'docket-cli' }));
