/** The command line: options, help with examples, and how a bad invocation is reported (exit 2). */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { FORMAT_NAMES, type FormatName } from '../formatters/index.js';
import { TOOL_INFO } from '../version.js';

export interface CliOptions {
  paths: string[];
  project: string[];
  format: FormatName;
  outputFile?: string;
  color?: boolean;
  quiet: boolean;
  debug: boolean;
  config?: string;
  printConfig: boolean;
  failOn: 'error' | 'warning' | 'note';
  maxWarnings?: number;
  reportUnusedDisableDirectives?: 'off' | 'warn' | 'error';
  suppressAll: boolean;
  pruneSuppressions: boolean;
  listRules: boolean;
}

/** Thrown for an invocation we cannot run; the CLI prints it with a usage hint and exits 2. */
export class UsageError extends Error {}

const EXAMPLES = `
Examples:
  $ agent-impersonation-scan                       scan the current directory
  $ agent-impersonation-scan src apps/agent        scan two folders
  $ agent-impersonation-scan -p tsconfig.json      scan the files of a TypeScript project
  $ agent-impersonation-scan -f sarif -o scan.sarif   write SARIF for code scanning
  $ agent-impersonation-scan --suppress-all        accept today's findings as a baseline
  $ agent-impersonation-scan --list-rules          what each rule finds

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 the scan could not run.
Docs: https://github.com/agent-impersonation-scan/agent-impersonation-scan#readme`;

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number >= 0.');
  return Number(value);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildCommand(): Command {
  const program = new Command()
    .name('agent-impersonation-scan')
    .description(
      "Finds where a user's own credential (session token, cookie, Authorization header, SSO/OIDC token) flows into an AI agent's tools, sub-agents, MCP clients, upstream calls of an MCP server, or prompts — and shows the delegated fix.",
    )
    .version(TOOL_INFO.version, '-v, --version', 'print the version')
    .argument('[paths...]', 'files or folders to scan', ['.'])
    .option('-p, --project <tsconfig>', 'scan the files of this tsconfig.json (repeatable)', collect, [])
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMAT_NAMES]).default('stylish'))
    .option('-o, --output-file <file>', 'write the report to a file instead of stdout')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .option('--quiet', 'report errors only (no warnings or notes)', false)
    .option('--debug', 'print internal details and stack traces', false)
    .option('-c, --config <file>', 'use this .agent-impersonation-scan.yml instead of looking for one')
    .option('--print-config', 'print the effective configuration and exit', false)
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run (exit 1)').choices(['error', 'warning', 'note']).default('error'))
    .option('--max-warnings <n>', 'also fail when there are more than n warnings', nonNegativeInt)
    .addOption(new Option('--report-unused-disable-directives <level>', 'report disable directives that suppress nothing').choices(['off', 'warn', 'error']))
    .option('--suppress-all', 'write every current finding to agent-impersonation-scan-suppressions.json (a baseline)', false)
    .option('--prune-suppressions', 'remove baseline entries that no longer occur', false)
    .option('--list-rules', 'list the rules with their severity and summary, then exit', false)
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  return program;
}

export function parseArgs(argv: string[]): CliOptions | { exit: number; output: string } {
  const program = buildCommand();
  let helpOutput = '';
  program.configureOutput({ writeOut: (s) => (helpOutput += s), writeErr: () => undefined });
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) {
        return { exit: 0, output: helpOutput };
      }
      const reason = err.message.replace(/^error: /, '');
      throw new UsageError(reason);
    }
    throw err;
  }
  const o = program.opts<Record<string, unknown>>();
  const paths = program.processedArgs[0] as string[];
  return {
    paths: paths.length > 0 ? paths : ['.'],
    project: o.project as string[],
    format: o.format as FormatName,
    ...(o.outputFile ? { outputFile: o.outputFile as string } : {}),
    ...(typeof o.color === 'boolean' ? { color: o.color } : {}),
    quiet: Boolean(o.quiet),
    debug: Boolean(o.debug),
    ...(o.config ? { config: o.config as string } : {}),
    printConfig: Boolean(o.printConfig),
    failOn: o.failOn as CliOptions['failOn'],
    ...(o.maxWarnings !== undefined ? { maxWarnings: o.maxWarnings as number } : {}),
    ...(o.reportUnusedDisableDirectives ? { reportUnusedDisableDirectives: o.reportUnusedDisableDirectives as 'off' | 'warn' | 'error' } : {}),
    suppressAll: Boolean(o.suppressAll),
    pruneSuppressions: Boolean(o.pruneSuppressions),
    listRules: Boolean(o.listRules),
  };
}
