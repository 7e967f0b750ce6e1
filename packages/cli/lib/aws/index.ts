export * from './call-counter';
export * from './clients';
export * from './concurrency';
export * from './errors';
