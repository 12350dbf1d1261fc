import { afterEach, describe, expect, it, vi } from 'vitest';
import { S3Signer } from '../../../core/storage/s3-signer.js';

const TARGET = { protocol: 'http:', hostname: '127.0.0.1', port: '7480', host: '127.0.0.1:7480' };
const FIRST = { accessKeyId: 'first-key', secretAccessKey: 'first-secret' };
const SECOND = { accessKeyId: 'second-key', secretAccessKey: 'second-secret', sessionToken: 'token' };

afterEach(() => {
  vi.useRealTimers();
});

describe('S3Signer', () => {
  it('signs with the credentials of each call, its kept signer giving what a fresh one gives', async () => {
    // One instant for every signature: a signature names its second, and equal ones are compared.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-05T09:00:00Z'));
    const signer = new S3Signer('us-east-1');
    const path = '/bucket/ns-%3Adefault/000001.gz';
    const first = await signer.sign(TARGET, path, FIRST);
    const second = await signer.sign(TARGET, path, SECOND);
    const firstAgain = await signer.sign(TARGET, path, FIRST);

    expect(first.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=first-key\/20261205\/us-east-1\/s3\/aws4_request/,
    );
    expect(second.authorization).toMatch(/Credential=second-key\//);
    expect(second['x-amz-security-token']).toBe('token');
    expect(firstAgain).toEqual(first);
    expect(await new S3Signer('us-east-1').sign(TARGET, path, SECOND)).toEqual(second);
    expect(await new S3Signer('us-east-1').sign(TARGET, path, FIRST)).toEqual(first);
    expect(first.authorization).not.toBe(second.authorization);
  });
});
