export * from './types';
export * from './chunk';
export * from './ip-matchers';
export * from './keys';
export * from './pattern';
export * from './fallback';
export * from './organization';
export * from './onboarding';
