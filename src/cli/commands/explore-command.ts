import { explore } from '../../explore/explorer.js';
import { parseExploreArgs } from '../../explore/explore-args.js';
import { ThreadPool, type PointExecutor } from '../../explore/point-pool.js';
import { ProgressBar } from '../../explore/progress-bar.js';
import { formatReport, reportJson } from '../../explore/report.js';
import { EXIT, type CommandResult } from '../cli-error.js';

/** `chimera explore`: sweep a space of timings and group the runs by outcome. */
export async function exploreCommand(argv: string[]): Promise<CommandResult> {
  const parsed = parseExploreArgs(argv);
  if (parsed._tag === 'Left') return { code: EXIT.badInput, message: parsed.left };
  const a = parsed.right;
  let executor: PointExecutor;
  if (a.queue) {
    const { QueueExecutor } = await import('../../explore/queue/queue-executor.js');
    const q = await QueueExecutor.connect(a.queue, a.queueName);
    if (q._tag === 'Left') return { code: EXIT.badInput, message: q.left };
    executor = q.right;
  } else executor = new ThreadPool(a.jobs);

  const bar = new ProgressBar(a.progress ?? process.stderr.isTTY === true);
  const started = process.hrtime.bigint();
  let report;
  try {
    report = await explore({ runArgv: a.runArgv, space: a.space, match: a.match }, executor, (p) => bar.update(p));
  } finally {
    bar.clear();
    await executor.close();
  }
  if (report._tag === 'Left') return { code: EXIT.badInput, message: report.left };
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(a.json ? reportJson(report.right) : formatReport(report.right));
  if (!a.json) {
    const where = a.queue ? `workers on ${a.queue}` : `${a.jobs} job${a.jobs === 1 ? '' : 's'}`;
    process.stderr.write(`chimera: ${report.right.runs} runs in ${seconds.toFixed(1)} s (${(report.right.runs / seconds).toFixed(2)} runs/s, ${where})\n`);
  }
  return { code: EXIT.ok };
}
