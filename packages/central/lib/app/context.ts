import * as cxapi from 'aws-cdk-lib/cx-api';

/**
 * The feature flags a new aws-cdk-lib project gets (NEW_PROJECT_DEFAULT_CONTEXT + CURRENTLY_RECOMMENDED_FLAGS of
 * the installed aws-cdk-lib): what cdk.json sets, so `keywatch synth` and tests synthesize exactly what `cdk deploy` does.
 */
export function recommendedContext(): Record<string, unknown> {
  return { ...cxapi.NEW_PROJECT_DEFAULT_CONTEXT, ...cxapi.CURRENTLY_RECOMMENDED_FLAGS };
}
