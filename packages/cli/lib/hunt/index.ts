export * from './athena';
export * from './findings';
export * from './document';
export * from './hunt';
export * from './estimate';
