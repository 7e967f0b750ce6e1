// The one place the simulator reaches the local EventBridge engine (packages/shared/lib/engine).
export {
  EventPatternError,
  IP_SEMANTICS,
  RULE_STATES,
  cloudTrailToEventBridge,
  compileEventPattern,
  createEventReader,
  deliversTo,
  fillGateInput,
  gateDirectoryOf,
  indexPatterns,
  ownString,
  renderInputTransformer,
} from '@keywatch/shared';
export type {
  CompiledEventPattern,
  GateDirectoryEntry,
  EventBridgeEvent,
  EventReader,
  InputTransformerSpec,
  IpSemantics,
  PatternIndex,
  RuleState,
} from '@keywatch/shared';
