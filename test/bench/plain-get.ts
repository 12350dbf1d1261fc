import { createWriteStream } from 'node:fs';
import { get } from 'node:http';
import { pipeline } from 'node:stream/promises';

/** An unsigned HTTP GET of an object to a file: the cheapest download a client can do (the baseline). */
export function plainGet(url: string, dest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      if (response.statusCode !== 200) reject(new Error(`GET ${url}: ${response.statusCode}`));
      else pipeline(response, createWriteStream(dest)).then(resolve, reject);
    }).on('error', reject);
  });
}
