// Preloaded (`node --import`) into each cold-start contender of `npm run bench:client`: on exit,
// writes the process's own CPU time and peak RSS to file descriptor 3, where the bench reads them.
import { writeSync } from 'node:fs';
import process from 'node:process';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(
    3,
    JSON.stringify({
      cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      peakRssMb: usage.maxRSS / 1024,
    }),
  );
});
