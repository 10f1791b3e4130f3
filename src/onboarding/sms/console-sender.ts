import { randomUUID } from 'node:crypto';
import { maskPhone } from '../../intel/phone/phone.js';
import type { SmsSender } from './sms-sender.js';

/**
 * A sender for local development: instead of texting, it writes one line per message to a stream
 * (stderr by default). The body is printed in full, since reading the code in it is the whole
 * point; the number is masked, because even development logs get shared.
 */
export class ConsoleSmsSender implements SmsSender {
  readonly name = 'console';

  constructor(private readonly out: NodeJS.WritableStream = process.stderr) {}

  async send(to: string, body: string): Promise<{ id: string }> {
    const id = `console-${randomUUID()}`;
    // JSON-quoting keeps a body with line breaks on one line.
    this.out.write(`[sms] ${id} to=${maskPhone(to)} body=${JSON.stringify(body)}\n`);
    return { id };
  }
}
