import { parseArgs } from 'node:util';
import { DomainError } from '@vaxel/domain';
import { BackupFailed } from './backup/database.ts';
import { runBackup } from './backupCommand.ts';
import { helpText, resolveConfig, UsageError } from './config.ts';
import { runOperatorCommand } from './operatorCommands.ts';
import { runRestore } from './restoreCommand.ts';
import { startVaxel } from './startVaxel.ts';

/** The `vaxel` command line. Exit codes: 0 done, 1 failed, 2 wrong usage. */
async function main(argv: string[]): Promise<number> {
  const out = (text: string) => process.stdout.write(`${text}\n`);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      data: { type: 'string' },
      'http-port': { type: 'string' },
      'sip-port': { type: 'string' },
      'sip-address': { type: 'string' },
      'rtp-ports': { type: 'string' },
      host: { type: 'string' },
      'public-url': { type: 'string' },
      'database-url': { type: 'string' },
      'metrics-port': { type: 'string' },
      name: { type: 'string' },
      package: { type: 'string' },
      'time-zone': { type: 'string' },
      language: { type: 'string' },
      country: { type: 'string' },
      org: { type: 'string' },
      type: { type: 'string' },
      port: { type: 'string' },
      transport: { type: 'string' },
      inbound: { type: 'string' },
      'forwarded-caller-id': { type: 'string' },
      username: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  const [command, sub, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    out(helpText());
    return command || values.help ? 0 : 2;
  }
  const flags = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
  const config = resolveConfig(flags, process.env);

  if (command === 'start') {
    const running = await startVaxel(config, out);
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        out(`${signal}: stopping (finishing requests in progress)…`);
        running.stop().then(resolve, (error: unknown) => {
          process.stderr.write(`error while stopping: ${String(error)}\n`);
          process.exitCode = 1;
          resolve();
        });
        // A second signal means "now".
        process.once('SIGINT', () => process.exit(1));
        process.once('SIGTERM', () => process.exit(1));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
    out('Växel stopped.');
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  }
  if (command === 'orgs' || command === 'numbers' || command === 'trunks') {
    await runOperatorCommand(config, command, sub, flags, sub ? rest : [], out);
    return 0;
  }
  if (command === 'backup' || command === 'restore') {
    if (!sub || rest.length > 0) throw new UsageError(`vaxel ${command} takes one FILE`);
    const options = { force: values.force === true };
    await (command === 'backup' ? runBackup : runRestore)(config, sub, options, out);
    return 0;
  }
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`vaxel: ${error.message}\nRun "vaxel --help" for usage.\n`);
      process.exit(2);
    }
    if (error instanceof DomainError || error instanceof BackupFailed) {
      process.stderr.write(`vaxel: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`vaxel: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
