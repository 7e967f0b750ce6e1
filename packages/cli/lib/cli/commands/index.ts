import type { Command } from 'commander';
import { registerAccounts } from './accounts';
import { registerAllowlist } from './allowlist';
import { registerAudit } from './audit';
import { registerHunt } from './hunt';
import { registerReport } from './report';
import { registerSimulate } from './simulate';
import { registerSynth } from './synth';
import { registerTestEventPattern } from './test-event-pattern';
import { registerVerify } from './verify';

/** A function that adds one sub-command to the keywatch program. */
export type RegisterCommand = (program: Command) => void;

/** Every keywatch sub-command, in help order. Each command file exports one register function; add it here. */
export const COMMANDS: RegisterCommand[] = [
  registerSynth,
  registerAccounts,
  registerAudit,
  registerVerify,
  registerReport,
  registerSimulate,
  registerHunt,
  registerTestEventPattern,
  registerAllowlist,
];
