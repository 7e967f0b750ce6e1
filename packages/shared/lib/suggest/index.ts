export * from './address';
export * from './learner';
export * from './network-kind';
export * from './prefix-index';
export * from './range-table';
export * from './types';
