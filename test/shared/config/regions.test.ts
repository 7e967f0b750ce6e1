import * as fs from 'fs';
import * as path from 'path';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { AWS_REGIONS, KeywatchConfigSchema, isOptInRegion, regionPartition, validateConfig } from '@keywatch/shared';
import { BASE_CONFIG, makeConfig } from '../../helpers/config';

// packages/shared must not import aws-cdk-lib, so the region list is a generated file, held here to aws-cdk-lib's
// region-info (the maintained list); `npm run regions` (UPDATE_REGIONS=1) rewrites it after an aws-cdk-lib upgrade.
const REGIONS_FILE = path.join(__dirname, '..', '..', '..', 'packages', 'shared', 'lib', 'config', 'regions.ts');
/** The partitions keywatch deploys to: commercial, China, GovCloud. */
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov']);

function fromRegionInfo(): { name: string; partition: string; optIn: boolean }[] {
  return RegionInfo.regions
    .filter((r) => r.partition !== undefined && PARTITIONS.has(r.partition))
    .map((r) => ({ name: r.name, partition: r.partition!, optIn: r.isOptInRegion }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function render(regions: ReturnType<typeof fromRegionInfo>): string {
  const rows = regions.map((r) => `  { name: '${r.name}', partition: '${r.partition}', optIn: ${r.optIn} },`).join('\n');
  const text = fs.readFileSync(REGIONS_FILE, 'utf8');
  const head = text.slice(0, text.indexOf('// <generated>'));
  const tail = text.slice(text.indexOf('// </generated>'));
  return `${head}// <generated>\n${rows}\n  ${tail}`;
}

describe('AWS_REGIONS', () => {
  test('equals aws-cdk-lib region-info (commercial, China and GovCloud partitions)', () => {
    const expected = fromRegionInfo();
    if (process.env.UPDATE_REGIONS === '1') fs.writeFileSync(REGIONS_FILE, render(expected));
    expect(AWS_REGIONS.map((r) => ({ ...r }))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(30);
  });

  test('knows opt-in regions and partitions', () => {
    expect(isOptInRegion('af-south-1')).toBe(true);
    expect(isOptInRegion('eu-west-1')).toBe(false);
    expect(regionPartition('cn-north-1')).toBe('aws-cn');
    expect(regionPartition('us-gov-west-1')).toBe('aws-us-gov');
    expect(regionPartition('eu-west-59')).toBeUndefined();
  });
});

describe('the Region field', () => {
  test.each(['eu-central-9', 'eu-west-59', 'us-east-7', 'mars-north-1'])('rejects %s, which is not an AWS region', (region) => {
    const r = KeywatchConfigSchema.safeParse({ ...BASE_CONFIG, deployment: { ...BASE_CONFIG.deployment, regions: ['us-east-1', region] } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toMatch(/^must be an AWS region/);
  });

  test('suggests the nearest region', () => {
    const r = KeywatchConfigSchema.safeParse({ ...BASE_CONFIG, central: { ...BASE_CONFIG.central, region: 'eu-wset-1' } });
    expect(r.error!.issues[0].message).toMatch(/did you mean 'eu-west-1'\?/);
  });

  test.each(['eu-west-1', 'af-south-1', 'ap-southeast-7', 'mx-central-1', 'cn-northwest-1', 'us-gov-east-1'])('accepts %s', (region) => {
    expect(() => makeConfig({ deployment: { regions: ['us-east-1', region] } })).not.toThrow();
  });

  test('regions of another partition than central.region are an error (EventBridge cannot send across partitions)', () => {
    const config = makeConfig({ deployment: { regions: ['us-east-1', 'eu-west-1', 'cn-north-1'] } });
    const { errors } = validateConfig(config);
    expect(errors).toContainEqual({
      path: 'deployment.regions[2]',
      message:
        'cn-north-1 is in partition aws-cn, central.region eu-west-1 in aws; events cannot be forwarded across partitions, so deploy a separate keywatch per partition',
    });
  });
});
