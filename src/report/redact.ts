/** Secrets (env() values, credential headers, URL passwords) never appear in any output. */

export const REDACTED = '***';

export class Redactor {
  private secrets: string[] = [];

  /** Register a value to hide; very short values are ignored (they would mangle unrelated text). */
  add(value: string): void {
    if (value.length < 4 || this.secrets.includes(value)) return;
    this.secrets.push(value);
    // Longest first, so a secret containing another is replaced whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      const json = JSON.stringify(secret).slice(1, -1);
      if (json !== secret && out.includes(json)) out = out.split(json).join(REDACTED);
    }
    return out;
  }
}
