/**
 * Log text → HTML with the colours of ANSI SGR sequences (bold, the 8 + 8
 * foreground and background colours, reset) as CSS classes; other escape
 * sequences are dropped. State carries across calls, since a colour may be set
 * in one chunk of a live log and reset in a later one.
 */
import { escape } from './html.js';

// eslint-disable-next-line no-control-regex
const SEQUENCE = /\x1b\[([0-9;]*)([A-Za-z])/g;

export class AnsiRenderer {
  private fg: number | null = null;
  private bg: number | null = null;
  private bold = false;

  private classes(): string {
    const names = [this.fg !== null ? `f${this.fg}` : '', this.bg !== null ? `b${this.bg}` : '', this.bold ? 'bold' : ''].filter(Boolean);
    return names.join(' ');
  }

  private apply(codes: string): void {
    for (const part of (codes === '' ? '0' : codes).split(';')) {
      const code = Number(part);
      if (code === 0) [this.fg, this.bg, this.bold] = [null, null, false];
      else if (code === 1) this.bold = true;
      else if (code === 22) this.bold = false;
      else if (code >= 30 && code <= 37) this.fg = code - 30;
      else if (code >= 90 && code <= 97) this.fg = code - 90 + 8;
      else if (code === 39) this.fg = null;
      else if (code >= 40 && code <= 47) this.bg = code - 40;
      else if (code >= 100 && code <= 107) this.bg = code - 100 + 8;
      else if (code === 49) this.bg = null;
    }
  }

  /** One line (no newline) as HTML. */
  line(text: string): string {
    let html = '';
    let last = 0;
    const emit = (piece: string): void => {
      if (piece === '') return;
      const cls = this.classes();
      html += cls === '' ? escape(piece) : `<span class="${cls}">${escape(piece)}</span>`;
    };
    for (const match of text.matchAll(SEQUENCE)) {
      emit(text.slice(last, match.index));
      if (match[2] === 'm') this.apply(match[1]!);
      last = match.index! + match[0].length;
    }
    emit(text.slice(last));
    return html;
  }
}
