// The figure tables of bench/README.md, written from bench/results.json and nothing else: every
// figure the README quotes is one the bench measured. `npm run bench` writes them after each run;
// `node bench/readme.ts` writes them again from the file as it is.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const rootDir = resolve(import.meta.dirname, '..');
const BEGIN = '<!-- figures: written by bench/readme.ts from bench/results.json -->';
const END = '<!-- end of figures -->';

type Row = [figure: string, measured: string, floorOrTarget: string, verdict: string];
const verdict = (ok: boolean) => (ok ? 'meets' : 'short');
const errorsNote = (errors: number | undefined) => (errors ? `, **${errors} errors**` : '');

/** One row per figure, for each section the results hold. */
export function figureRows(results: Record<string, any>): Row[] {
  const rows: Row[] = [];
  const { intake, protection, web, workflow, board, bundles, duplicates, aws_cost: cost } = results;
  if (intake) {
    rows.push(['intake `POST /screenings` p50, side by side', `${intake.p50_ms} ms${errorsNote(intake.errors)}`, `floor ${intake.floor_p50_ms} ms → **${intake.ratio_p50}×** (target ≤ 3×)`, verdict(intake.ratio_p50 <= 3 && !intake.errors)]);
    rows.push(['intake p99, side by side', `${intake.p99_ms} ms`, `floor ${intake.floor_p99_ms} ms → **${intake.ratio_p99}×** (target ≤ 5×)`, verdict(intake.ratio_p99 <= 5 && !intake.errors)]);
    const b = intake.back_to_back;
    rows.push(['intake back to back (unpaused) p50 / p99', `${b.p50_ms} / ${b.p99_ms} ms${errorsNote(b.errors)}`, `floor under the same load ${b.floor_p50_ms} / ${b.floor_p99_ms} ms → **${b.ratio_p50}× / ${b.ratio_p99}×** (target ≤ 3× / 5×)`, verdict(b.ratio_p50 <= 3 && b.ratio_p99 <= 5 && !b.errors)]);
    rows.push(['sustained intake (mixed screenings)', `${intake.per_s_8}/s at 8 clients, ${intake.per_s_32}/s at 32`, `${intake.sustained_errors} errors (target 0)`, verdict(intake.sustained_errors === 0)]);
  }
  if (protection) {
    rows.push(['sealing, per intake', `${protection.intake_crypto_p50_ms} ms of ${protection.intake_p50_ms} ms${errorsNote(protection.errors)}`, `**${protection.intake_ratio_p50}×** without (target ≤ 1.2×)`, verdict(protection.intake_ratio_p50 <= 1.2)]);
    rows.push(['opening, per case view', `${protection.view_crypto_p50_ms} ms of ${protection.view_p50_ms} ms`, `**${protection.view_ratio_p50}×** without (target ≤ 1.2×)`, verdict(protection.view_ratio_p50 <= 1.2)]);
  }
  if (workflow) {
    rows.push(['engine overhead to the first callback wait', `**${workflow.overhead_ms_per_state} ms per task state** (${workflow.task_states_to_first_wait} task states; ${workflow.wall_ms_to_first_wait} ms wall, handlers ${workflow.handler_ms_to_first_wait} ms)${errorsNote(workflow.errors)}`, 'target ≤ 5 ms', verdict(workflow.overhead_ms_per_state <= 5 && !workflow.errors)]);
  }
  if (board) {
    rows.push(['`GET /cases?stage=` p50 at 1k / 10k / 100k cases', `${board.p50_ms_1k} / ${board.p50_ms_10k} / ${board.p50_ms_100k} ms${errorsNote(board.errors)}`, `growth **${board.growth_1k_to_100k}×** (target ≤ 1.3×)`, verdict(board.growth_1k_to_100k <= 1.3 && !board.errors)]);
    rows.push(['`GET /tasks` p50 at 1k / 10k / 100k', `${board.inbox_p50_ms_1k} / ${board.inbox_p50_ms_10k} / ${board.inbox_p50_ms_100k} ms`, `growth **${board.inbox_growth_1k_to_100k}×** (target ≤ 1.3×)`, verdict(board.inbox_growth_1k_to_100k <= 1.3 && !board.errors)]);
  }
  if (web) {
    rows.push(['field app: JavaScript before the interview', `${web.screener_js_gzip_kb} KB gzip`, 'target ≤ 100 KB', verdict(web.screener_js_gzip_kb <= 100)]);
    rows.push(['field app at 400 kbit/s, 400 ms RTT', `first ${web.first_visit_ms} ms, repeat ${web.repeat_visit_ms} ms, offline ${web.offline_visit_ms} ms`, 'targets 5 s / 1 s / 1 s', verdict(web.first_visit_ms <= 5000 && web.repeat_visit_ms <= 1000 && web.offline_visit_ms <= 1000)]);
  }
  if (bundles) {
    rows.push(['largest Lambda bundle', `${bundles.largest}: **${bundles.largest_kb} KB**, init ${bundles.largest_init_ms} ms`, 'target ≤ 250 KB', verdict(bundles.largest_kb <= 250)]);
    rows.push(['bundle init ÷ the bare import of its SDK clients (worst bundle)', `${bundles.worst_ratio}: ${bundles.by_function?.[bundles.worst_ratio]?.init_ms} ms against ${bundles.sdk_floor_init_ms} ms${errorsNote(bundles.errors)}`, `**${bundles.init_ratio}×** (target ≤ 1.2×)`, verdict(bundles.init_ratio !== null && bundles.init_ratio <= 1.2 && !bundles.errors)]);
    if (bundles.cpu_ratio !== undefined) {
      const worstCpu = bundles.by_function?.[bundles.cpu_ratio_worst];
      rows.push(['the same in CPU time (worst bundle)', `${bundles.cpu_ratio_worst}: ${worstCpu?.init_cpu_ms} ms against ${worstCpu?.sdk_floor_cpu_ms} ms`, `**${bundles.cpu_ratio}×** (target ≤ 1.2×)`, verdict(bundles.cpu_ratio !== null && bundles.cpu_ratio <= 1.2 && !bundles.errors)]);
    }
  }
  if (duplicates) {
    rows.push(['duplicates on labelled pairs', `precision **${duplicates.precision}**, recall **${duplicates.recall}** on ${duplicates.pairs} pairs`, 'target ≥ 0.9 each', verdict(duplicates.precision >= 0.9 && duplicates.recall >= 0.9)]);
  }
  if (cost) {
    rows.push(['AWS variable cost per 1,000 cases', `**US$${cost.per_1000_cases_usd.toFixed(2)}** (${cost.region}, prices of ${cost.prices_as_of})${errorsNote(cost.errors)}`, 'target ≤ US$1', verdict(cost.meets_target && !cost.errors)]);
  }
  return rows;
}

function table(header: string[], rows: (string | number | null)[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map((cell) => cell ?? '–').join(' | ')} |`)].join('\n');
}

/** The generated part of the README. */
export function figuresMarkdown(results: Record<string, any>): string {
  const parts: string[] = [];
  const sections = Object.entries<any>(results.sections ?? {});
  const undated = ['bundles', 'intake', 'workflow', 'protection', 'web', 'board', 'aws_cost'].filter((name) => results[name] && !results.sections?.[name]);
  parts.push(
    `Measured on ${results.machine?.cores} cores, Node ${results.machine?.node}. Each section's run: ${sections.map(([name, run]) => `${name} ${run.measuredAt.slice(0, 16)}Z (${run.seconds} s${run.samplesScale !== 1 ? `, samples × ${run.samplesScale}: a trial, not a figure to quote` : ''})`).join('; ')}` +
      (undated.length ? `; ${undated.join(', ')} from a run before sections were dated (an earlier method).` : '.'),
  );
  parts.push(table(['figure', 'measured', 'floor / target', 'verdict'], figureRows(results)));
  const cost = results.aws_cost;
  if (cost) {
    parts.push(`### What it costs on AWS (${cost.region}, prices of ${cost.prices_as_of}: \`bench/prices-us-east-1.json\`)`);
    parts.push(`Counted over ${cost.cases_measured} cases taken from intake to closed (mix: ${cost.case_mix.join(', ')}; decisions: ${Object.entries(cost.decisions).map(([kind, count]) => `${count} ${kind}`).join(', ')}), per case:`);
    const perCase = cost.per_case;
    parts.push(
      table(
        ['per case', 'measured'],
        [
          ['Lambda invocations', perCase.lambda_invocations],
          ['Lambda billed duration (ms, no cold starts)', perCase.lambda_billed_ms],
          ['API Gateway requests', perCase.api_requests],
          ['Step Functions executions', perCase.executions],
          ['Step Functions state transitions', perCase.state_transitions],
          ['EventBridge status events delivered (AWS service events: not charged)', perCase.status_events],
          ['DynamoDB read request units', perCase.read_request_units],
          ['DynamoDB write request units', perCase.write_request_units],
          ['KMS requests (costed: every record key opened, as if no function kept one in memory)', `${perCase.kms_requests} (measured here with one shared key cache: ${Object.entries(cost.kms_requests_by_operation_per_case).map(([operation, count]) => `${operation} ${count}`).join(', ')}; ${cost.record_keys_from_memory_per_case} served from memory)`],
          ['CloudWatch Logs bytes (partly estimated)', perCase.log_bytes],
        ],
      ),
    );
    const services = Object.keys(cost.monthly[0].breakdown_usd);
    parts.push(
      table(
        ['cases a month', ...services, 'variable', 'per 1,000 cases', 'fixed', 'total'],
        cost.monthly.map((month: any) => [month.cases_per_month.toLocaleString('en'), ...services.map((service) => month.breakdown_usd[service].toFixed(2)), month.variable_usd.toFixed(2), month.per_1000_cases_variable_usd.toFixed(3), month.fixed_usd.toFixed(2), month.total_usd.toFixed(2)]),
      ),
    );
    const fixed = cost.fixed_monthly_usd;
    parts.push(
      `Fixed, a month, whatever the traffic (read from the synthesised stack): ${cost.stack.kmsKeys} KMS keys US$${fixed.kms_keys_usd}; ${cost.stack.alarms} alarms on ${cost.stack.alarmMetrics} metrics US$${fixed.alarms_usd}; the schedules (overdue sweep every minute, retention daily) US$${fixed.schedules_usd}; WAF ${cost.stack.webAcls ? 'present' : 'none in the stack'}. Total US$${fixed.total}. ` +
        `If every Lambda millisecond took as long as CPU-bound work does on a 512 MB share of a core (× ${cost.assumptions.cpu_share_factor}), the variable cost would be US$${cost.per_1000_cases_usd_if_lambda_cpu_bound.toFixed(2)} per 1,000 cases. Not counted: ${cost.assumptions.not_counted}.`,
    );
  }
  const bundles = results.bundles;
  if (bundles) {
    parts.push(`### Every bundle (as infra/aws deploys it, run with NODE_OPTIONS \`${bundles.node_options ?? '--enable-source-maps'}\`; median of ${bundles.imports_per_figure ?? 'the'} imports each${bundles.load_average !== undefined ? `; load average ${bundles.load_average} on ${results.machine?.cores} cores` : ''})`);
    parts.push(
      table(
        ['function', 'KB', 'init ms', 'AWS SDK modules loaded', 'their bare import ms', 'ratio', 'init CPU ms', 'floor CPU ms', 'CPU ratio', 'errors'],
        Object.entries<any>(bundles.by_function)
          .sort((a, b) => b[1].kb - a[1].kb)
          .map(([name, figures]) => [name, figures.kb, figures.init_ms, (figures.sdk ?? []).join(', ') || 'none', figures.sdk_floor_init_ms, figures.init_ratio, figures.init_cpu_ms, figures.sdk_floor_cpu_ms, figures.cpu_ratio, figures.errors]),
      ),
    );
  }
  return parts.join('\n\n');
}

export function writeReadme(results: Record<string, any>): void {
  const file = join(rootDir, 'bench/README.md');
  const text = readFileSync(file, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`bench/README.md has no "${BEGIN}" … "${END}" block to write the figures into`);
  writeFileSync(file, `${text.slice(0, begin + BEGIN.length)}\n\n${figuresMarkdown(results)}\n\n${text.slice(end)}`);
}

if (import.meta.main) writeReadme(JSON.parse(readFileSync(join(rootDir, 'bench/results.json'), 'utf8')));
