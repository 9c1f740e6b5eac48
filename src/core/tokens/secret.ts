/**
 * A token as an opaque value: printing, logging or serialising it shows
 * «redacted», so it cannot leak by accident. `reveal()` is the one way out,
 * called only where the token is put on the wire or printed on request.
 */
const values = new WeakMap<Secret, string>();

export class Secret {
  constructor(value: string) {
    values.set(this, value);
  }

  reveal(): string {
    return values.get(this) ?? '';
  }

  toString(): string {
    return '«redacted»';
  }

  toJSON(): string {
    return '«redacted»';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret(«redacted»)';
  }
}
