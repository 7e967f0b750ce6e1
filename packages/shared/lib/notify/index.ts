export * from './model';
export * from './gate-input';
export * from './state-machines';
export * from './gate-directory';
