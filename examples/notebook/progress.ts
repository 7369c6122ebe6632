// A training progress bar: epoch, batch, running loss, speed and ETA, redrawn in place on a TTY;
// on a pipe or in CI, one plain line per epoch instead.

export interface ProgressOptions {
  /** Where to write (default process.stdout). */
  stream?: NodeJS.WriteStream;
  /** Force the plain one-line-per-epoch mode (default: when the stream is not a TTY). */
  plain?: boolean;
  /** Print nothing at all (tests). */
  silent?: boolean;
}

const formatTime = (s: number): string => {
  if (!Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60), sec = Math.floor(s % 60);
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
};

export class ProgressBar {
  private readonly stream: NodeJS.WriteStream;
  private readonly plain: boolean;
  private readonly silent: boolean;
  private epochStart = 0;
  private lastDraw = 0;

  constructor(private readonly label: string, private readonly epochs: number, private readonly batches: number, options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stdout;
    this.silent = options.silent ?? false;
    this.plain = options.plain ?? !this.stream.isTTY;
  }

  startEpoch(): void { this.epochStart = Date.now(); this.lastDraw = 0; }

  /** Called after each batch with the mean loss so far in this epoch. */
  update(epoch: number, batch: number, meanLoss: number): void {
    if (this.silent || this.plain) return;
    const now = Date.now();
    if (batch < this.batches && now - this.lastDraw < 100) return;  // redraw at most 10 times a second
    this.lastDraw = now;
    const elapsed = (now - this.epochStart) / 1000;
    const rate = batch / Math.max(elapsed, 1e-9);
    const width = 24, filled = Math.round((batch / this.batches) * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const eta = (this.batches - batch) / rate;
    this.stream.write(`\r${this.label} epoch ${epoch + 1}/${this.epochs} ${bar} ${batch}/${this.batches} loss ${meanLoss.toFixed(4)} ${rate.toFixed(0)} batch/s ETA ${formatTime(eta)}  `);
  }

  /** Ends the epoch line (TTY) or prints it (plain mode). */
  endEpoch(epoch: number, meanLoss: number, extra = ''): void {
    if (this.silent) return;
    const elapsed = (Date.now() - this.epochStart) / 1000;
    const rate = this.batches / Math.max(elapsed, 1e-9);
    const line = `${this.label} epoch ${epoch + 1}/${this.epochs} loss ${meanLoss.toFixed(4)}${extra} (${elapsed.toFixed(1)} s, ${rate.toFixed(0)} batch/s)`;
    this.stream.write(this.plain ? `${line}\n` : `\r${line}\x1b[K\n`);
  }
}
