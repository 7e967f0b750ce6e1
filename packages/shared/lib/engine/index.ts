export { EventPatternError, InputTransformerError } from './errors';
export type { CompiledEventPattern, EventReader } from './event-pattern';
export { compileEventPattern, createEventReader, matchesEventPattern, validateEventPattern } from './event-pattern';
export { JsonNumber } from './number';
export { ownString } from './own-string';
export type { TransformContext } from './input-transformer';
export { evaluatePath, renderInputTransformer, validateInputTransformer } from './input-transformer';
export type { EventBridgeEvent, RuleState } from './cloudtrail-envelope';
export { cloudTrailToEventBridge, deliversTo } from './cloudtrail-envelope';
