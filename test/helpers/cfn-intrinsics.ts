/** An independent evaluator of the CloudFormation intrinsics keywatch's shard routing uses, for tests. */
export type Json = unknown;

/**
 * Evaluates `value` of `template` for one account as CloudFormation documents the intrinsics (Fn::Equals, Fn::Or with
 * 2 to 10 conditions, Condition, Fn::If, Fn::Join, Ref of AWS::AccountId and AWS::Partition); other Refs become `<name>`.
 */
export function evaluateIntrinsics(template: { Conditions?: Record<string, Json> }, value: Json, accountId: string): Json {
  const conditions = template.Conditions ?? {};
  const again = (v: Json) => evaluateIntrinsics(template, v, accountId);
  const cond = (name: string): boolean => again(conditions[name]) as boolean;
  if (Array.isArray(value)) return value.map(again);
  if (typeof value !== 'object' || value === null) return value;
  const [key, arg] = Object.entries(value)[0] as [string, Json[] & string];
  switch (key) {
    case 'Ref':
      return arg === 'AWS::AccountId' ? accountId : arg === 'AWS::Partition' ? 'aws' : `<${arg}>`;
    case 'Condition':
      return cond(arg);
    case 'Fn::Equals':
      return again(arg[0]) === again(arg[1]);
    case 'Fn::Or':
      if (arg.length < 2 || arg.length > 10) throw new Error(`Fn::Or takes 2 to 10 conditions; got ${arg.length}`);
      return arg.some((c) => again(c) === true);
    case 'Fn::If':
      return cond(arg[0] as string) ? again(arg[1]) : again(arg[2]);
    case 'Fn::Join':
      return (again(arg[1]) as string[]).join(arg[0] as string);
    default:
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, again(v)]));
  }
}
