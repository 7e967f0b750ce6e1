export * from './types';
export * from './sql-text';
export * from './compile-hunt';
export * from './table-plan';
