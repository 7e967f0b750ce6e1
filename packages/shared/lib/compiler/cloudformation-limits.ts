/**
 * CloudFormation's per-template quotas (AWS CloudFormation User Guide, "Understand CloudFormation quotas"): a template
 * body passed through S3 (as CDK and cdk-stacksets deploy it) of at most 1 MB, at most 500 resources, 200 outputs,
 * 200 parameters and 200 mappings. cfn-lint checks the size as 1,000,000 bytes (E1002).
 */
export const CLOUDFORMATION_LIMITS = {
  templateBytes: 1_000_000,
  resources: 500,
  outputs: 200,
  parameters: 200,
  mappings: 200,
} as const;

/** Why the template `text` of `name` cannot be deployed by CloudFormation, each with the number, the limit and the fix; empty when it can. */
export function cloudFormationLimitProblems(name: string, text: string): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(text, 'utf8');
  const fix =
    "allow fewer or larger networks (adjacent networks merge), or raise the EventBridge quota 'Event pattern size' (up to 4,096) and quotas.eventPatternMaxChars so fewer rules are needed";
  if (bytes > CLOUDFORMATION_LIMITS.templateBytes) {
    problems.push(
      `${name} is ${bytes.toLocaleString('en-US')} bytes, over CloudFormation's template size limit of ${CLOUDFORMATION_LIMITS.templateBytes.toLocaleString('en-US')} bytes; ${fix}`,
    );
  }
  const template = JSON.parse(text) as Record<string, unknown>;
  const count = (section: string) => Object.keys((template[section] as object | undefined) ?? {}).length;
  for (const [section, limit] of [
    ['Resources', CLOUDFORMATION_LIMITS.resources],
    ['Outputs', CLOUDFORMATION_LIMITS.outputs],
    ['Parameters', CLOUDFORMATION_LIMITS.parameters],
    ['Mappings', CLOUDFORMATION_LIMITS.mappings],
  ] as const) {
    const n = count(section);
    if (n > limit) {
      problems.push(`${name} has ${n} ${section.toLowerCase()}, over CloudFormation's limit of ${limit} per template; ${fix}`);
    }
  }
  return problems;
}
