export * from './document';
export * from './insights';
export * from './queries';
export * from './report';
export * from './time';
export * from './types';
