/** A pattern EventBridge would reject (InvalidEventPatternException); the message names the problem. */
export class EventPatternError extends Error {
  constructor(
    message: string,
    /**
     * True when aws/event-ruler reports this as a JSON parse problem (JsonParseException), after which it retries the
     * pattern with its legacy compiler (in which `$or` is an ordinary field name). Internal detail.
     * @default false
     */
    readonly recoverable: boolean = false,
  ) {
    super(message);
    this.name = 'EventPatternError';
  }
}

/** An input transformer EventBridge would reject (PutTargets ValidationException); the message names the problem. */
export class InputTransformerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputTransformerError';
  }
}
