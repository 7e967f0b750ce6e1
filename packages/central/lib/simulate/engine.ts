// The one place the simulator reaches the local EventBridge engine (packages/shared/lib/engine).
export {
  EventPatternError,
  cloudTrailToEventBridge,
  compileEventPattern,
  deliversTo,
  renderInputTransformer,
} from '@keywatch/shared';
export type { CompiledEventPattern, EventBridgeEvent, InputTransformerSpec, RuleState } from '@keywatch/shared';
