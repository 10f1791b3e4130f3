import { SaxesParser } from 'saxes';
import { isVigilError } from '../../core/errors.js';
import { openText, malformed, type ReadProgress } from './read.js';
import { streamFailure } from './read.js';

/** One element of a record: its local name, its own text and its child elements. */
export interface XmlNode {
  name: string;
  text: string;
  children: XmlNode[];
}

export interface XmlRecordOptions {
  /** Local names of the elements to hand out whole (e.g. `sdnEntry`); matched outside records only. */
  records: ReadonlySet<string>;
  /** Called with the root element's local name and attributes; throw to refuse the document. */
  onRoot?: (name: string, attributes: Record<string, string>) => void;
  progress?: ReadProgress;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Streams an XML file and yields each record element as a small tree, so only one record is
 * ever held in memory. Anything not well-formed — including a document cut off mid-way, which
 * saxes reports on close — throws SCREENING_FILE_MALFORMED with the line number, after the
 * records before it were yielded: the importer must treat the whole file as refused.
 */
export async function* xmlRecords(path: string, options: XmlRecordOptions): AsyncGenerator<XmlNode> {
  const parser = new SaxesParser();
  const done: XmlNode[] = [];
  const stack: XmlNode[] = [];
  let sawRoot = false;
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (!sawRoot) {
      sawRoot = true;
      options.onRoot?.(name, tag.attributes as Record<string, string>);
    }
    if (stack.length === 0 && !options.records.has(name)) return;
    const node: XmlNode = { name, text: '', children: [] };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  const onText = (text: string) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const node = stack.pop();
    if (node && stack.length === 0) done.push(node);
  });
  for await (const chunk of chunks(path, options.progress)) {
    feed(path, parser, () => parser.write(chunk));
    yield* done.splice(0);
  }
  feed(path, parser, () => parser.close());
  if (!sawRoot) throw malformed(path, 'the file holds no XML document');
  yield* done.splice(0);
}

/** The text chunks of the file, with stream failures already coded and a BOM removed. */
async function* chunks(path: string, progress: ReadProgress | undefined): AsyncGenerator<string> {
  let first = true;
  try {
    for await (const chunk of openText(path, progress) as AsyncIterable<string>) {
      yield first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
      first = false;
    }
  } catch (err) {
    throw streamFailure(path, err);
  }
}

function feed(path: string, parser: SaxesParser, step: () => void): void {
  try {
    step();
  } catch (err) {
    // Our own callbacks throw coded errors; anything else is saxes rejecting the document.
    if (isVigilError(err)) throw err;
    throw malformed(path, `not well-formed XML: ${(err as Error).message}`, { line: parser.line });
  }
}

/** The first child element called `name`. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** Every child element called `name`. */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** The trimmed text of the first child called `name`; null when absent or empty. */
export function textOf(node: XmlNode | undefined, name: string): string | null {
  const found = node && child(node, name);
  const text = found?.text.trim();
  return text ? text : null;
}
