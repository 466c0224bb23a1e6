// The one line at the end of `vitest run` about missing system components (see test/helpers/system.ts):
//
//   skipped 15 tests: chromium missing (10 tests), promtool missing (4 tests), prometheus missing (1 test): install with `npm run setup:system`
//
// It counts the tests whose task meta `systemMissing` names a component (set by describeWith / itWith): the
// skipped ones normally, the failed ones under CI. Nothing is printed when no test was gated by a missing
// component. Each test file runs in its own process, so the count happens here, in the main process, from
// the tasks' meta.
//
// Added as a plugin (vitest.config.ts: `plugins: [systemComponents()]`) rather than under `reporters`: its
// configureVitest hook appends the reporter to the resolved reporters, so it also runs when reporters are
// given on the command line (`--reporter=default --reporter=json`, as .ci/run does), which replace the
// config's `reporters` list.
/// <reference types="vitest/config" />
import type { Plugin } from 'vite';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

// The component names and the set-up command live here (test/helpers/system.ts imports them): this file is
// loaded by vitest.config.ts in the main process, where the test API of system.ts cannot be.
export const COMPONENTS = ['chromium', 'promtool', 'prometheus', 'redis', 'postgresql', 'npm-registry'] as const;
export type ComponentName = (typeof COMPONENTS)[number];
/** The one command that installs every missing component (scripts/setup-system.sh). */
export const SETUP_COMMAND = 'npm run setup:system';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The summary line for `counts` (component → tests gated), or undefined when there is nothing to say. */
export function summaryLine(counts: Map<string, number>, total: number, failed: boolean): string | undefined {
  if (total === 0) return undefined;
  const order = (n: string) => (COMPONENTS as readonly string[]).indexOf(n);
  const names = [...counts.keys()].sort((a, b) => order(a) - order(b));
  const installable = names.filter((n) => n !== 'npm-registry').map((n) => `${n} missing (${plural(counts.get(n)!, 'test')})`);
  const parts = installable.length ? [`${installable.join(', ')}: install with \`${SETUP_COMMAND}\``] : [];
  if (counts.has('npm-registry')) parts.push(`npm registry unreachable (${plural(counts.get('npm-registry')!, 'test')}): needs the network`);
  return `${failed ? 'failed' : 'skipped'} ${plural(total, 'test')}: ${parts.join('; ')}` + (failed ? ' (CI=true: a missing system component is a failure)' : '');
}

export class SystemComponentsReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped = new Map<string, number>();
    const failed = new Map<string, number>();
    let nSkipped = 0;
    let nFailed = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const missing = test.meta().systemMissing as string[] | undefined;
        if (!missing?.length) continue;
        const state = test.result().state;
        const counts = state === 'skipped' ? skipped : state === 'failed' ? failed : undefined;
        if (!counts) continue;
        if (state === 'skipped') nSkipped++;
        else nFailed++;
        for (const name of missing) counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
    const lines = [summaryLine(skipped, nSkipped, false), summaryLine(failed, nFailed, true)].filter((l) => l !== undefined);
    // stdout, unless a machine-readable report goes there (e.g. `--reporter=json` without --outputFile).
    const log = (line: string) => (this.stdoutIsReport() ? process.stderr.write(`${line}\n`) : this.vitest ? this.vitest.logger.log(line) : console.log(line));
    for (const line of lines) log(` ${line}`);
    if (lines.length) log('');
  }

  private stdoutIsReport(): boolean {
    const config = this.vitest?.config;
    if (!config) return false;
    const outputFile = config.outputFile as string | Record<string, string> | undefined;
    return (config.reporters as unknown[]).some((r) => {
      const name = Array.isArray(r) ? r[0] : r;
      if (typeof name !== 'string' || !['json', 'junit', 'tap', 'tap-flat'].includes(name)) return false;
      return !(typeof outputFile === 'string' ? outputFile : outputFile?.[name]);
    });
  }
}

/** The plugin that adds SystemComponentsReporter to whatever reporters the run has. */
export function systemComponents(): Plugin {
  return {
    name: 'driftkit:system-components',
    configureVitest({ vitest }) {
      const reporters = vitest.config.reporters as unknown[];
      if (!reporters.some((r) => r instanceof SystemComponentsReporter)) reporters.push(new SystemComponentsReporter());
    },
  };
}
