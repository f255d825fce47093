/**
 * The baseline: Node's bare `http` server answering every request with a 302, closed loop, then
 * paced at the /postback pace (what the load generator itself adds to a paced row's latency).
 */
import { measure, measurePaced, type Lab } from '../measure.js';
import { emptyReport, fmtInt, TARGET, type Report } from '../report.js';
import { startBaseline } from '../servers.js';

export async function runBaseline(lab: Lab): Promise<Report> {
  const report = emptyReport();
  const baseline = await startBaseline(lab.dir);
  try {
    const measured = await measure(lab, report, baseline, {
      label: 'baseline 302',
      spec: () => ({ path: '/click?offer_id=1&pid=1', expectStatus: 302, connections: lab.options.connections }),
    });
    report.rows.push({ target: 'baseline: bare node:http 302', ...measured, kind: 'baseline' });
    const paced = await measurePaced(lab, report, baseline, [], {
      label: `baseline 302 at ${fmtInt(TARGET.postbackRps)}/s`,
      rate: TARGET.postbackRps,
      paths: () => ({ every: '/click?offer_id=1&pid=1' }),
      expect: 'redirect',
    });
    report.rows.push({ ...paced, kind: 'other', note: `${paced.note}: what the load generator adds to a paced row` });
  } finally {
    await baseline.stop();
  }
  return report;
}
