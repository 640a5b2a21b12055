import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/**
 * Secrets at rest and signed values, all from one `SESSION_SECRET`: AES-256-GCM for a session's
 * API key (the job carries it to the worker encrypted), HMAC-SHA256 for cookies and webhooks.
 * Keys are derived per purpose (HKDF) so one never serves as another.
 */
export interface SecretBox {
  encrypt(plain: string): string;
  /** `undefined` when the text was not made by this secret or was tampered with. */
  decrypt(sealed: string): string | undefined;
  sign(value: string): string;
  /** The value when `signed` carries a valid signature, else `undefined`. */
  unsign(signed: string): string | undefined;
}

const VERSION = "v1";

export function createSecretBox(secret: string): SecretBox {
  if (secret.length < 16) throw new RangeError("SESSION_SECRET must be at least 16 characters");
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync("sha256", secret, "transcript-analyzer", purpose, 32));
  const encKey = derive("encrypt api keys");
  const macKey = derive("sign cookies");
  const mac = (value: string) => createHmac("sha256", macKey).update(value).digest("base64url");

  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", encKey, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return [
        VERSION,
        iv.toString("base64url"),
        body.toString("base64url"),
        cipher.getAuthTag().toString("base64url"),
      ].join(".");
    },
    decrypt(sealed) {
      const [version, iv, body, tag] = sealed.split(".");
      if (version !== VERSION || !iv || !body || !tag) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", encKey, Buffer.from(iv, "base64url"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
          "utf8",
        );
      } catch {
        return undefined;
      }
    },
    sign(value) {
      return `${value}.${mac(value)}`;
    },
    unsign(signed) {
      const dot = signed.lastIndexOf(".");
      if (dot <= 0) return undefined;
      const value = signed.slice(0, dot);
      const given = Buffer.from(signed.slice(dot + 1));
      const expected = Buffer.from(mac(value));
      return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
    },
  };
}

/** HMAC-SHA256 of a webhook body, hex, as sent in `X-Signature-256: sha256=<hex>`. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
