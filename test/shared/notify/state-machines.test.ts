import { CONDITION_FAILED, notifyGateDefinition, notifySummaryDefinition } from '@keywatch/shared';

type State = { Type: string; Resource?: string; Catch?: { ErrorEquals: string[] }[]; Retry?: { ErrorEquals: string[] }[] };

describe('the error names the notify state machines catch and retry', () => {
  // Step Functions Developer Guide, "Call DynamoDB with Step Functions" (connect-ddb), "Exception prefix differences": the
  // optimized integration (arn:aws:states:::dynamodb:*) prefixes DynamoDB errors "DynamoDB", the AWS SDK integration
  // (arn:aws:states:::aws-sdk:dynamodb:*) "DynamoDb"; the exception itself is DynamoDB's ConditionalCheckFailedException.
  test.each(['deduplicated', 'digest'] as const)(
    '%s: a failed condition is caught as DynamoDB.ConditionalCheckFailedException, only on optimized DynamoDB tasks',
    (mode) => {
      expect(CONDITION_FAILED).toBe('DynamoDB.ConditionalCheckFailedException');
      for (const definition of [
        notifyGateDefinition({ mode, windowMinutes: 60, locale: 'en' }),
        notifySummaryDefinition({ mode, windowMinutes: 60, locale: 'en' }),
      ]) {
        const states = Object.values(definition.States as Record<string, State>);
        for (const s of states) {
          const names = [...(s.Catch ?? []), ...(s.Retry ?? [])].flatMap((c) => c.ErrorEquals).filter((n) => /^DynamoD[Bb]\./.test(n));
          if (names.length === 0) continue;
          expect(s.Resource).toMatch(/^arn:aws:states:::dynamodb:(getItem|putItem|updateItem|deleteItem)$/);
          for (const n of names) expect(n.startsWith('DynamoDB.')).toBe(true);
        }
      }
      const gate = Object.values(notifyGateDefinition({ mode, windowMinutes: 60, locale: 'en' }).States as Record<string, State>);
      expect(gate.some((s) => s.Catch?.some((c) => c.ErrorEquals.includes(CONDITION_FAILED)))).toBe(true);
    },
  );
});
