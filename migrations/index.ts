import { InitialSchema1795400000000 } from './1795400000000-initial-schema';

/** Every migration, in order. Listed explicitly so the build carries them and nothing is found by globbing. */
export const MIGRATIONS: Function[] = [InitialSchema1795400000000];
