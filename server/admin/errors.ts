// How an admin command fails (server/admin/cli.ts maps each to its exit code).
/** Bad arguments: the usage is printed, exit 2. */
export class UsageError extends Error {}
/** The command could not be carried out (unknown user, duplicate name…): exit 1. */
export class CommandError extends Error {}
/** The input file was read but is not acceptable: every reason is printed, exit 2, nothing written. */
export class InputError extends Error {
  constructor(message: string, readonly details: string[]) { super(message); }
}
