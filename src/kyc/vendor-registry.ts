import type { Config } from '../config/config.js';
import { VigilError } from '../core/errors.js';
import { KycErrors } from './errors.js';
import { IdenfyAdapter } from './vendors/idenfy.js';
import { OnfidoAdapter } from './vendors/onfido.js';
import { SumsubAdapter } from './vendors/sumsub.js';
import type { VendorAdapter, VendorName } from './vendors/vendor.js';

/** The vendors configured for this installation, built once from config. */
export class VendorRegistry {
  private readonly adapters = new Map<VendorName, VendorAdapter>();

  constructor(private readonly config: Readonly<Config>['kyc']) {
    if (config.sumsub) {
      const s = config.sumsub;
      this.adapters.set('sumsub', new SumsubAdapter({ baseUrl: s.baseUrl, appToken: s.appToken, secretKey: s.secretKey, webhookSecret: s.webhookSecret, ...(s.levelName ? { levelName: s.levelName } : {}) }));
    }
    if (config.idenfy) this.adapters.set('idenfy', new IdenfyAdapter({ ...config.idenfy }));
    if (config.onfido) this.adapters.set('onfido', new OnfidoAdapter({ ...config.onfido }));
  }

  /** Adds or replaces an adapter (tests point one at a local fake). */
  register(adapter: VendorAdapter): void {
    this.adapters.set(adapter.name, adapter);
  }

  get(name?: string): VendorAdapter {
    const wanted = name ?? this.config.defaultVendor ?? [...this.adapters.keys()][0];
    const adapter = wanted ? this.adapters.get(wanted as VendorName) : undefined;
    if (!adapter) {
      const configured = [...this.adapters.keys()].join(', ') || 'none';
      throw new VigilError(KycErrors.KYC_VENDOR_NOT_CONFIGURED, `verification vendor "${wanted ?? '(default)'}" is not configured (configured: ${configured})`, { vendor: wanted ?? null });
    }
    return adapter;
  }

  names(): VendorName[] {
    return [...this.adapters.keys()];
  }
}
