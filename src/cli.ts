import { Command } from 'commander';
import { registerStart } from './cli/start.ts';
import { registerInit } from './cli/init.ts';
import { registerLedger } from './cli/ledger.ts';
import { registerKb } from './cli/kb.ts';
import { registerAsk } from './cli/ask.ts';
import { registerChat } from './cli/chat.ts';
import { registerJobs } from './cli/jobs.ts';
import { registerAudit } from './cli/audit.ts';
import { registerStaff } from './cli/staff.ts';
import { registerDoctor } from './cli/doctor.ts';

/** The command line is part of the product: staff and operators script it, acceptance checks drive it. */
const program = new Command('jinqiu')
  .description('金秋：老干部服务助手')
  .showHelpAfterError()
  .exitOverride((err) => {
    // Usage errors exit 2; --help and --version exit 0.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

registerStart(program);
registerInit(program);
registerKb(program);
registerAsk(program);
registerLedger(program);
registerChat(program);
registerJobs(program);
registerAudit(program);
registerStaff(program);
registerDoctor(program);

await program.parseAsync(process.argv);
