export * from './delivery/retry';
export * from './delivery/rule-state';
export * from './delivery/transformer-input';
export * from './delivery/dead-letter-queue';
export * from './delivery/delivery-target';
export * from './sender/central-bus';
export * from './sender/sender';
export * from './sender/sender-stack';
