/**
 * What a venue folder exports to the registry. Everything venue-specific
 * lives in `main/venues/<venue>/`; the rest of the app sees only this.
 */
import type { InstrumentFacts, VenueId } from '../../preload/contract.ts';
import type { Logger } from '../core/log.ts';
import type { VenueAdapter } from '../core/venue.ts';
import type { SimulatorOptions, VenueSimulator } from './simulator.ts';

export interface AdapterConfig {
  accountId: string;
  /** Base URLs by role (the same roles as the simulator's ready line and `defaultUrls`). */
  urls: Record<string, string>;
  /** The venue's credential object; the venue's auth module validates it. Never logged. */
  credentials: Record<string, string>;
  logger: Logger;
  /** Markets to stream where the venue streams per market. */
  markets?: string[];
  /**
   * The account's venue settings (the venue's `settingFields`, e.g. Rails' account type), validated
   * against the choices; a missing one means the field's default.
   */
  settings?: Record<string, string>;
  /**
   * Per-market tick and lot sizes the account was given (the demo's simulated markets): no venue listing
   * the blotter reads carries them, so without this the grid shows amounts exactly as the venue sent them.
   */
  instruments?: Readonly<Record<string, InstrumentFacts>>;
}

export interface CredentialField {
  name: string;
  label: string;
  /** Secret fields are write-only: the renderer never gets them back. */
  secret: boolean;
  /** May be left empty (e.g. BTCTurk's separate WebSocket key pair); required otherwise. */
  optional?: boolean;
  /** One line under the field in the account form. */
  help?: string;
}

/** A non-secret per-account choice the venue needs (stored in the settings file, never in the keychain). */
export interface SettingField {
  name: string;
  label: string;
  choices: { value: string; label: string }[];
  /** The conservative choice, used when the account does not say. */
  defaultValue: string;
  help?: string;
}

export interface DemoMarket {
  market: string;
  /** Mid price as a decimal string. */
  mid: string;
  /** Fractional digits of prices. */
  priceDecimals: number;
  /** Typical order size as a decimal string. */
  size: string;
}

export interface VenueModule {
  id: VenueId;
  label: string;
  /** Production base URLs by role. */
  defaultUrls: Record<string, string>;
  /** Testnet base URLs by the same roles, where the venue has a testnet (offered as an account environment). */
  testnetUrls?: Record<string, string>;
  credentialFields: CredentialField[];
  /** Per-account settings the venue needs besides credentials (none for most venues). */
  settingFields?: SettingField[];
  createAdapter(config: AdapterConfig): VenueAdapter;
  createSimulator(options: SimulatorOptions): VenueSimulator;
  demoMarkets: DemoMarket[];
}
