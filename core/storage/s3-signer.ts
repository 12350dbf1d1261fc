import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** The body is not hashed: S3 and its look-alikes accept this for any request over TLS or without a body. */
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

type Secret = string | ArrayBuffer | ArrayBufferView;

/** SHA-256, or its HMAC when given a secret, from Node's own crypto in the shape the signer asks for. */
class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: Secret) {
    this.hash = this.fresh();
  }

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    const secret = this.secret;
    if (secret === undefined) return createHash('sha256');
    if (typeof secret === 'string') return createHmac('sha256', secret);
    const bytes = ArrayBuffer.isView(secret)
      ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
      : new Uint8Array(secret);
    return createHmac('sha256', bytes);
  }
}

/** A path segment or query value as AWS's canonical request spells it: RFC 3986, every other byte escaped. */
export function awsEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * AWS Signature Version 4 for S3 requests without a body (GET), by the AWS SDK's own signer
 * (@smithy/signature-v4) with Node's crypto: the SDK's whole client was not used for small GETs
 * because its middleware stack cost several times the request's CPU, but the signing itself is
 * the SDK's, which keeps each day's signing key.
 */
export class S3Signer {
  /** The signer of the credentials last used: credentials change only when they are refreshed. */
  private current: { id: string; signer: SignatureV4 } | null = null;

  constructor(private readonly region: string) {}

  async sign(
    target: { protocol: string; hostname: string; port: string; host: string },
    /** Already encoded, as it goes on the request line; signed as given (S3 does not encode twice). */
    path: string,
    credentials: S3Credentials,
  ): Promise<Record<string, string>> {
    const signed = await this.signerFor(credentials).sign({
      method: 'GET',
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: Number(target.port) } : {}),
      path,
      query: {},
      headers: { host: target.host, 'x-amz-content-sha256': UNSIGNED_PAYLOAD },
    });
    return signed.headers;
  }

  /** One signer per set of credentials, so its cache of signing keys serves every request made with them. */
  private signerFor(credentials: S3Credentials): SignatureV4 {
    const id = `${credentials.accessKeyId}\n${credentials.secretAccessKey}\n${credentials.sessionToken ?? ''}`;
    if (this.current?.id !== id) {
      const signer = new SignatureV4({
        credentials,
        region: this.region,
        service: 's3',
        sha256: NodeSha256,
        uriEscapePath: false,
        applyChecksum: false,
      });
      this.current = { id, signer };
    }
    return this.current.signer;
  }
}
