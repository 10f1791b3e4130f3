import type { Command } from 'commander';
import type { Vigil } from '../app/composition.js';
import type { IntelReport } from '../intel/intel.service.js';
import type { Output } from './output.js';

type CommonOptions = { data?: string; config?: string };
type WithVigil = <T>(opts: CommonOptions, fn: (vigil: Vigil) => Promise<T>) => Promise<T>;
type Common = (cmd: Command) => Command;

/** `vigil intel` (what is loaded) and `vigil intel reload` (load the files again on every node). */
export function registerIntelCommands(program: Command, common: Common, withVigil: WithVigil, output: Output): void {
  const intel = program.command('intel').description('email and IP intelligence used by the sign-up gate').enablePositionalOptions();
  common(intel)
    .option('--json', 'print JSON')
    .action(async (opts: CommonOptions & { json?: boolean }) => {
      const status = await withVigil(opts, async (vigil) => {
        await vigil.intel.current();
        return vigil.intel.report();
      });
      if (opts.json) return output.out(JSON.stringify(status));
      printStatus(status, output);
    });
  common(intel.command('reload').description('check the configured files, then make every running server load them (the previous data stays if a file is bad)'))
    .option('--json', 'print JSON')
    .option('--force', 'reload even when a list lost more than half of its entries (INTEL_LIST_SHRUNK)')
    .action(async (opts: CommonOptions & { json?: boolean; force?: boolean }) => {
      // Loading here first means a bad or cut file fails this command and no server is asked to reload.
      const status = await withVigil(opts, (vigil) => vigil.intel.requestReload('cli', { force: opts.force === true }));
      if (opts.json) return output.out(JSON.stringify(status));
      printStatus(status, output);
      output.out(`reload ${status.reloadSeq} requested: running servers pick it up within seconds`);
    });
}

function printStatus(s: IntelReport, output: Output): void {
  output.out(`data version ${s.dataVer ?? 'none'} (loaded ${s.loadedAt ?? 'never'})`);
  if (s.email) output.out(`disposable email domains: ${s.email.domains} from ${s.email.sources.map((x) => x.file.split('/').pop()).join(', ')}`);
  if (s.ip) output.out(`IP ranges: Tor ${s.ip.tor}, data-centre ${s.ip.datacenter}, VPN ${s.ip.vpn}, country ${s.ip.countryRanges}; MMDB city ${s.ip.mmdbCity ?? 'none'}, ASN ${s.ip.mmdbAsn ?? 'none'}`);
  output.out(`MX check ${s.mxCheck ? 'on' : 'off'}, minFraud ${s.minfraud ? 'on' : 'off'}`);
  const r = s.lastRefusedReload;
  if (r) output.out(`last refused reload: ${r.at} by ${r.by}${r.force ? ' (forced)' : ''}: ${r.code}: ${r.message}${r.superseded ? ' (a reload was accepted since)' : ''}`);
}
