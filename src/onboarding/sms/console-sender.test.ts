import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleSmsSender } from './console-sender.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('ConsoleSmsSender', () => {
  it('writes one line with the masked number and the whole body', async () => {
    const out = capture();
    const { id } = await new ConsoleSmsSender(out.stream).send('+447400123456', 'Your Vigil code is 482913');
    expect(out.text()).toBe(`[sms] ${id} to=+44••••••••56 body="Your Vigil code is 482913"\n`);
    expect(out.text()).not.toContain('7400123456');
  });

  it('keeps a body with line breaks on one line', async () => {
    const out = capture();
    await new ConsoleSmsSender(out.stream).send('+16502530000', 'Code: 123456\nDo not share it.');
    expect(out.text().split('\n')).toEqual([expect.stringContaining('Code: 123456\\nDo not share it.'), '']);
  });

  it('gives every message its own id', async () => {
    const sender = new ConsoleSmsSender(capture().stream);
    const first = await sender.send('+447400123456', 'a');
    const second = await sender.send('+447400123456', 'b');
    expect(first.id).toMatch(/^console-/);
    expect(second.id).not.toBe(first.id);
  });

  it('is named console', () => {
    expect(new ConsoleSmsSender(capture().stream).name).toBe('console');
  });
});
