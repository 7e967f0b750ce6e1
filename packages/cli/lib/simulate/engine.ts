// The one place the simulator reaches the local EventBridge engine (packages/shared/lib/engine).
export {
  EventPatternError,
  cloudTrailToEventBridge,
  compileEventPattern,
  createEventReader,
  deliversTo,
  ownString,
  renderInputTransformer,
} from '@keywatch/shared';
export type { CompiledEventPattern, EventBridgeEvent, EventReader, InputTransformerSpec, RuleState } from '@keywatch/shared';
