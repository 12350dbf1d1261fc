import { createHash, createHmac } from 'node:crypto';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** The body is not hashed: S3 and its look-alikes accept this for any request over TLS or without a body. */
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

const hmac = (key: string | Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();

/** A path segment or query value as AWS's canonical request spells it: RFC 3986, every other byte escaped. */
export function awsEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * AWS Signature Version 4 for S3 requests without a body (GET, HEAD): the headers to send,
 * `authorization` among them. The day's signing key is derived once and kept, so a request costs
 * two HMACs and one SHA-256; the AWS SDK's whole middleware stack cost about five times as much
 * CPU per small GET, which bounded how many objects a second one process could fetch.
 */
export class S3Signer {
  private dayKey: { day: string; secret: string; key: Buffer } | null = null;

  constructor(private readonly region: string) {}

  sign(
    method: string,
    host: string,
    /** Already encoded, as it goes on the request line. */
    path: string,
    credentials: S3Credentials,
    now = new Date(),
  ): Record<string, string> {
    const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = {
      host,
      'x-amz-content-sha256': UNSIGNED_PAYLOAD,
      'x-amz-date': amzDate,
      ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
    };
    const names = Object.keys(headers).sort();
    const canonical = [
      method,
      path,
      '',
      ...names.map((n) => `${n}:${headers[n] ?? ''}`),
      '',
      names.join(';'),
      UNSIGNED_PAYLOAD,
    ].join('\n');
    const scope = `${day}/${this.region}/s3/aws4_request`;
    const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
    const signature = createHmac('sha256', this.signingKey(day, credentials.secretAccessKey))
      .update(toSign)
      .digest('hex');
    headers.authorization =
      `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, ` +
      `SignedHeaders=${names.join(';')}, Signature=${signature}`;
    return headers;
  }

  private signingKey(day: string, secret: string): Buffer {
    if (this.dayKey?.day !== day || this.dayKey.secret !== secret) {
      const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), this.region), 's3'), 'aws4_request');
      this.dayKey = { day, secret, key };
    }
    return this.dayKey.key;
  }
}
