import { App } from 'aws-cdk-lib';
import { KeywatchError } from '@keywatch/shared';
import { buildKeywatchApp } from '../lib/app/build-app';
import { EXAMPLE_CONFIG_FILE } from '../lib/config/example';
import { loadConfig } from '../lib/config/load-config';

/**
 * CDK app entry (cdk.json "app"): the only place that reads the configuration. Path from `-c config=<file>`,
 * else KEYWATCH_CONFIG, else the bundled example.
 */
const app = new App();
const file = (app.node.tryGetContext('config') as string | undefined) ?? process.env.KEYWATCH_CONFIG ?? EXAMPLE_CONFIG_FILE;
try {
  const loaded = loadConfig(file);
  for (const warning of loaded.warnings) {
    process.stderr.write(`keywatch: warning: ${warning}\n`);
  }
  buildKeywatchApp(loaded, app);
} catch (err) {
  if (err instanceof KeywatchError) {
    process.stderr.write(`keywatch: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  throw err;
}
