/**
 * Loaded with `--require` into a child when BENCH_PROF names its role: profiles the process from start and writes
 * a .cpuprofile (Chrome DevTools) on SIGUSR2. Node's own --cpu-prof writes nothing for a process that exits by
 * re-raising a signal, as the API does.
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_PROF_FILE!;
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
session.post('Profiler.start');
process.on('SIGUSR2', () => {
  session.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(target, JSON.stringify(result.profile));
    session.post('Profiler.start');
  });
});
