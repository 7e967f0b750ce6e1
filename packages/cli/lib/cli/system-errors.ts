import { KeywatchError } from '@keywatch/shared';

/** Exit codes of every keywatch command. */
export const EXIT = { ok: 0, findings: 1, usage: 2, unexpected: 3 } as const;

/** The exit-code contract as `--help` prints it. */
export const EXIT_CODES_HELP =
  'Exit codes: 0 ok, 1 findings (alerts in simulate are not findings; gaps, drift), 2 bad input, usage, files, network or credentials, 3 unexpected error (please report it).';

/** Node's file-system error codes that are the user's to fix, and what to say about them. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EISDIR: 'it is a directory, where a file is needed',
  ENOTDIR: 'a part of the path is a file, where a directory is needed',
  EEXIST: 'it already exists',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EMFILE: 'too many files are open',
  ENAMETOOLONG: 'the name is too long',
};

/** Node's network error codes (from the AWS SDK's HTTP client), which say the endpoint cannot be reached. */
const NETWORK_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * A Node system error (file system or network) as a KeywatchError with one sentence and the fix (exit 2); undefined for
 * anything else, which stays an unexpected error.
 */
export function userFacingSystemError(err: unknown): KeywatchError | undefined {
  // not `instanceof Error`: errors from Node's own modules may come from another realm (a test runner's sandbox)
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as NodeJS.ErrnoException & { hostname?: string };
  const code = e.code ?? '';
  if (code === 'ERR_INVALID_ARG_VALUE' && /\\u0000|null bytes/i.test(String(e.message))) {
    const m = /received '([^']*)'/i.exec(String(e.message));
    return new KeywatchError(`${m ? `'${m[1]}'` : 'a path'} is not a valid path: it holds a NUL character; name another file or directory`);
  }
  if (code in FILE_ERRORS) {
    const what = e.path ?? 'a file';
    const verb = e.syscall === undefined ? 'use' : (SYSCALL_VERBS[e.syscall] ?? e.syscall);
    return new KeywatchError(`cannot ${verb} ${what}: ${FILE_ERRORS[code]} (${code}); check the path and its permissions`);
  }
  // an error the SDK wrapped into text ("connect ECONNREFUSED 127.0.0.1:9", "getaddrinfo ENOTFOUND host")
  const wrapped = NETWORK_ERRORS.has(code) ? undefined : /\b(?:connect|getaddrinfo|read|write) (E[A-Z_]+)(?: (\S+))?/.exec(String(e.message));
  if (wrapped !== null && wrapped !== undefined && NETWORK_ERRORS.has(wrapped[1])) {
    const host = wrapped[2]?.replace(/:\d+$/, '') ?? 'the AWS endpoint';
    return new KeywatchError(`cannot reach ${host} (${wrapped[1]}); check the network connection, any proxy (HTTPS_PROXY) and --region`);
  }
  if (NETWORK_ERRORS.has(code)) {
    const host = e.hostname ?? (e as { address?: string }).address ?? 'the AWS endpoint';
    return new KeywatchError(`cannot reach ${host} (${code}); check the network connection, any proxy (HTTPS_PROXY) and --region`);
  }
  return undefined;
}

const SYSCALL_VERBS: Readonly<Record<string, string>> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the directory',
  mkdtemp: 'create a directory in',
  rename: 'rename',
  rmdir: 'remove',
  unlink: 'remove',
  scandir: 'list the directory',
  stat: 'read',
  lstat: 'read',
  copyfile: 'copy',
};
