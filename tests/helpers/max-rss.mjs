// Preloaded into a child process (node --import): prints its peak resident memory on exit, so a test
// can bound what one input cost without racing the child's own exit.
import fs from 'node:fs';

process.on('exit', () => {
  fs.writeSync(2, `\nJINQIU_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
