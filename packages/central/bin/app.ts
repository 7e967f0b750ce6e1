import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { KeywatchError, warningLine } from '@keywatch/shared';
import { buildKeywatchApp } from '../lib/app/build-app';
import { EXAMPLE_CONFIG_FILE } from '../lib/config/example';
import { loadConfig } from '../lib/config/load-config';

/**
 * CDK app entry (cdk.json "app"): the only place that reads the configuration. Path from `-c config=<file>`,
 * else KEYWATCH_CONFIG, else — only when run from the keywatch repository itself — the bundled example; anywhere else
 * it refuses, so that a deploy never ships the example organization by mistake.
 */
const app = new App();
const file = (app.node.tryGetContext('config') as string | undefined) ?? (process.env.KEYWATCH_CONFIG || undefined) ?? exampleInItsOwnDirectory();
try {
  if (file === undefined) {
    throw new KeywatchError(
      `no configuration: pass your keywatch.yml with \`npx cdk <command> -c config=keywatch.yml\` (or set KEYWATCH_CONFIG); ` +
        `the bundled example (${EXAMPLE_CONFIG_FILE}) is used only from the keywatch repository, ${path.dirname(path.dirname(EXAMPLE_CONFIG_FILE))}`,
    );
  }
  const loaded = loadConfig(file);
  for (const warning of loaded.warnings) {
    process.stderr.write(`keywatch: ${warningLine(warning)}\n`);
  }
  buildKeywatchApp(loaded, app);
} catch (err) {
  if (err instanceof KeywatchError) {
    process.stderr.write(`keywatch: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  throw err;
}

/** The bundled example when the working directory is the repository that holds it; undefined anywhere else. */
function exampleInItsOwnDirectory(): string | undefined {
  return path.resolve(process.cwd()) === path.dirname(path.dirname(EXAMPLE_CONFIG_FILE)) ? EXAMPLE_CONFIG_FILE : undefined;
}
