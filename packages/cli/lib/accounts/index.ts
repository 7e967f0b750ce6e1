export * from './render-yaml';
export * from './sync';
