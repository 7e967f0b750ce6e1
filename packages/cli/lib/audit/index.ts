export * from './classify';
export * from './coverage';
export * from './types';
export * from './document';
export * from './liveness';
