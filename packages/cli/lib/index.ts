// The public surface of @keywatch/cli: the in-process `keywatch synth` and the CLI entry. The operator tooling
// (accounts, audit, report, simulate, output, aws) is reached by its module path; its areas are not merged here
// because several of them export members of the same name (renderDocument, ...).
export * from './cli/run';
export * from './synth/summary';
export * from './synth/render-summary';
export * from './synth/synth-organization';
export * from './synth/deployment-quotas';
export * from './synth/assembly-counts';
export * from './allowlist';
