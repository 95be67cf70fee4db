/** Replaces every occurrence of the secret; a server may echo what it was sent. */
export function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}
