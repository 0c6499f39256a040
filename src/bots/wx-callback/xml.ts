import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * The XML of WeChat callbacks: flat <xml> documents, strings in CDATA. Values stay strings (a MsgId is
 * a 64-bit number that a float would round), and entities are not expanded (no DOCTYPE tricks).
 */
const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, trimValues: true, processEntities: false });
const builder = new XMLBuilder({ cdataPropName: '#cdata', format: false });

export type XmlFields = Record<string, unknown>;

/** The fields under <xml>, or undefined when the body is not such a document. */
export function parseCallbackXml(body: string): XmlFields | undefined {
  try {
    const doc = parser.parse(body) as { xml?: unknown };
    return doc.xml && typeof doc.xml === 'object' ? (doc.xml as XmlFields) : undefined;
  } catch {
    return undefined;
  }
}

/** A string field ('' when missing or not text). */
export function field(x: XmlFields, name: string): string {
  const v = x[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** Builds <xml>…</xml>: strings go in CDATA, numbers as they are, objects nest. */
export function buildXml(fields: Record<string, unknown>): string {
  return builder.build({ xml: wrap(fields) }) as string;
}

function wrap(v: unknown): unknown {
  if (typeof v === 'string') return { '#cdata': v };
  if (Array.isArray(v)) return v.map(wrap);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wrap(x)]));
  return v;
}
