/** Where commands write: the terminal in `ipstats`, a buffer in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Progress lines are only drawn on an interactive terminal. */
  interactive: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

/** A one-line progress indicator, redrawn in place on a TTY, silent otherwise. */
export function progressLine(io: CliIo): { update(text: string): void; done(): void } {
  let drawn = false;
  return {
    update(text) {
      if (!io.interactive) return;
      io.err(`\r\x1b[2K${text}`);
      drawn = true;
    },
    done() {
      if (drawn) io.err('\r\x1b[2K');
      drawn = false;
    },
  };
}
