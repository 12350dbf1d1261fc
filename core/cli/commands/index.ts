import type { Command } from '../command.js';

/** Every `segscope` subcommand; each lives in its own module beside this one. */
export const COMMANDS: readonly Command[] = [];
