import { CLOUDFORMATION_LIMITS, cloudFormationLimitProblems } from '@keywatch/shared';

const template = (sections: Record<string, number>, padding = 0) =>
  JSON.stringify({
    ...Object.fromEntries(Object.entries(sections).map(([s, n]) => [s, Object.fromEntries(Array.from({ length: n }, (_, i) => [`X${i}`, {}]))])),
    Description: 'x'.repeat(padding),
  });

describe('cloudFormationLimitProblems', () => {
  test('a template within every limit has no problem, at the limits exactly too', () => {
    expect(cloudFormationLimitProblems('a.json', template({ Resources: 500, Outputs: 200, Parameters: 200, Mappings: 200 }))).toEqual([]);
    const base = template({ Resources: 1 });
    expect(cloudFormationLimitProblems('a.json', template({ Resources: 1 }, CLOUDFORMATION_LIMITS.templateBytes - base.length))).toEqual([]);
  });

  test('each limit names the template, the number, the limit and the fix', () => {
    const base = template({ Resources: 1 });
    const [size] = cloudFormationLimitProblems('big.json', template({ Resources: 1 }, CLOUDFORMATION_LIMITS.templateBytes - base.length + 1));
    expect(size).toMatch(/^big\.json is 1,000,001 bytes, over CloudFormation's template size limit of 1,000,000 bytes; allow fewer or larger networks/);
    expect(cloudFormationLimitProblems('t.json', template({ Resources: 501, Outputs: 201, Parameters: 201, Mappings: 201 }))).toEqual([
      expect.stringMatching(/^t\.json has 501 resources, over CloudFormation's limit of 500 per template; /),
      expect.stringMatching(/^t\.json has 201 outputs, over CloudFormation's limit of 200/),
      expect.stringMatching(/^t\.json has 201 parameters, over CloudFormation's limit of 200/),
      expect.stringMatching(/^t\.json has 201 mappings, over CloudFormation's limit of 200/),
    ]);
  });

  test('size counts UTF-8 bytes, not characters', () => {
    const base = template({ Resources: 1 });
    const text = JSON.stringify({ Resources: { X0: {} }, Description: 'é'.repeat((CLOUDFORMATION_LIMITS.templateBytes - base.length) / 2 + 1) });
    expect(cloudFormationLimitProblems('u.json', text)[0]).toMatch(/bytes, over/);
  });
});
