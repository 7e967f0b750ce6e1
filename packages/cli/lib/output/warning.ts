// The warning prefix is one fact for the CLI and the CDK app (bin/app.ts), so it lives in @keywatch/shared.
export { WARNING_PREFIX, warningLine } from '@keywatch/shared';
