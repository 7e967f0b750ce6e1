/** A CloudFormation template as synthesized (only what the simulator reads). */
export interface CfnTemplate {
  /** Logical ID → resource. */
  readonly Resources?: Readonly<Record<string, CfnResource>>;
}

/** One resource of a template. */
export interface CfnResource {
  /** e.g. "AWS::Events::Rule". */
  readonly Type: string;
  /** The resource's properties. @default - none */
  readonly Properties?: Readonly<Record<string, unknown>>;
}

/** Values for the pseudo parameters of the stack a template is deployed as. */
export interface PseudoParameters {
  /** AWS::AccountId. @default - left as "${AWS::AccountId}" */
  readonly account?: string;
  /** AWS::Region. @default - left as "${AWS::Region}" */
  readonly region?: string;
}

/**
 * Resolves a CloudFormation value to text as far as the simulator needs: strings, the pseudo parameters (Partition
 * "aws", URLSuffix "amazonaws.com", AccountId/Region when known), `Fn::Join` and `Fn::Sub` (string form) of those;
 * a `Ref`/`Fn::GetAtt` to a resource becomes the marker "{{Ref:<id>}}" / "{{GetAtt:<id>.<attr>}}". Default pseudo
 * parameters: none known. Undefined for anything else.
 */
export function resolveText(value: unknown, pseudo: PseudoParameters = {}): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return pseudoValue(v.Ref, pseudo) ?? `{{Ref:${v.Ref}}}`;
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt.length === 2) return `{{GetAtt:${String(getAtt[0])}.${String(getAtt[1])}}}`;
  const join = v['Fn::Join'];
  if (Array.isArray(join) && join.length === 2 && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = (join[1] as unknown[]).map((p) => resolveText(p, pseudo));
    return parts.every((p) => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  const sub = v['Fn::Sub'];
  if (typeof sub === 'string') {
    return sub.replace(/\$\{([^}!]+)\}/g, (all, name: string) => pseudoValue(name, pseudo) ?? all);
  }
  return undefined;
}

function pseudoValue(name: string, pseudo: PseudoParameters): string | undefined {
  switch (name) {
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::AccountId':
      return pseudo.account;
    case 'AWS::Region':
      return pseudo.region;
    default:
      return undefined;
  }
}

/** The logical ID a `{"Ref": id}` or `{"Fn::GetAtt": [id, attr]}` points to; undefined for anything else. */
export function referencedId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return v.Ref;
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

/** The resources of `template` of the given type, as [logicalId, resource] pairs in template order. */
export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type);
}
