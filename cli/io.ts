/** Where commands write: the terminal in `ipstats`, a buffer in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Progress lines are only drawn on an interactive terminal. */
  interactive: boolean;
  /** Terminal width, when known: progress lines are cut to it so that they redraw in place. */
  columns?: number;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
  get columns() {
    return process.stderr.columns;
  },
};

/** A one-line progress indicator, redrawn in place on a TTY, silent otherwise. */
export function progressLine(io: CliIo): { update(text: string): void; done(): void } {
  let drawn = false;
  return {
    update(text) {
      if (!io.interactive) return;
      io.err(`\r\x1b[2K${io.columns ? fitWidth(text, io.columns - 1) : text}`);
      drawn = true;
    },
    done() {
      if (drawn) io.err('\r\x1b[2K');
      drawn = false;
    },
  };
}

/** Cuts text to a display width (CJK characters take two columns). */
export function fitWidth(text: string, width: number): string {
  let used = 0;
  let fitted = '';
  for (const char of text) {
    const charWidth = isWide(char) ? 2 : 1;
    if (used + charWidth > width) return `${fitted.slice(0, -1)}…`;
    used += charWidth;
    fitted += char;
  }
  return fitted;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += isWide(char) ? 2 : 1;
  return width;
}

function isWide(char: string): boolean {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
    char,
  );
}
