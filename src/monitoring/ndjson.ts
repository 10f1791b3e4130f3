/** A line of an NDJSON body that is not JSON; ingestion reports it by index like any bad event. */
export class MalformedLine {
  constructor(readonly message: string) {}
}

/** Splits NDJSON text into values; blank lines are skipped, broken ones become MalformedLine. */
export function parseNdjson(text: string): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    out.push(parseLine(trimmed));
  }
  return out;
}

export function parseLine(line: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(line) as unknown;
  } catch (err) {
    return new MalformedLine(`not valid JSON: ${(err as Error).message}`);
  }
  return Array.isArray(value) ? new MalformedLine('an NDJSON line holds one event object, not an array (send an array as application/json)') : value;
}
