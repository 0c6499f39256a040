/**
 * What an uploaded recording really is, read from its first bytes: the browser's word for it is not
 * trusted (a page could call an HTML file "audio"). Anything that is not one of these is refused.
 */
const SIGNATURES: { mime: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'audio/webm', test: (b) => b.length > 4 && b.readUInt32BE(0) === 0x1a45dfa3 },
  { mime: 'audio/ogg', test: (b) => b.subarray(0, 4).toString('latin1') === 'OggS' },
  { mime: 'audio/wav', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WAVE' },
  { mime: 'audio/mpeg', test: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' || (b.length > 1 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) },
  { mime: 'audio/mp4', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
  { mime: 'audio/amr', test: (b) => b.subarray(0, 5).toString('latin1') === '#!AMR' },
  { mime: 'audio/silk', test: (b) => b.subarray(0, 10).toString('latin1').includes('#!SILK') },
];

export function sniffAudio(data: Buffer): string | null {
  for (const s of SIGNATURES) if (s.test(data)) return s.mime;
  return null;
}
