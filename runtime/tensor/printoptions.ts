// torch.set_printoptions: module state read by tensor printing (format.ts).

export interface PrintOptions {
  /** Digits after the point (fixed) or of the mantissa (scientific). */
  precision: number;
  /** More elements than this and every dimension is summarised with '...'. */
  threshold: number;
  /** Items kept at each end of a summarised dimension. */
  edgeitems: number;
  linewidth: number;
  /** Scientific notation forced on (true) or off (false); null lets the formatter choose. */
  sciMode: boolean | null;
}

export type PrintProfile = 'default' | 'short' | 'full';

/** The arguments of torch.set_printoptions; absent means None. */
export interface PrintOptionsUpdate {
  precision?: number | null;
  threshold?: number | null;
  edgeitems?: number | null;
  linewidth?: number | null;
  profile?: string | null;
  sciMode?: boolean | null;
}

const profiles: Record<PrintProfile, Omit<PrintOptions, 'sciMode'>> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

const current: PrintOptions = { ...profiles.default, sciMode: null };

/** The options now in force (a copy). */
export function getPrintOptions(): PrintOptions {
  return { ...current };
}

/**
 * torch.set_printoptions: a profile first, then each option given; as in PyTorch, an unknown
 * profile is ignored and sci_mode is reset to None whenever it is not passed.
 */
export function setPrintOptions(update: PrintOptionsUpdate): void {
  const profile = update.profile;
  if (profile !== undefined && profile !== null && Object.hasOwn(profiles, profile)) {
    Object.assign(current, profiles[profile as PrintProfile]);
  }
  if (update.precision != null) current.precision = update.precision;
  if (update.threshold != null) current.threshold = update.threshold;
  if (update.edgeitems != null) current.edgeitems = update.edgeitems;
  if (update.linewidth != null) current.linewidth = update.linewidth;
  current.sciMode = update.sciMode ?? null;
}
