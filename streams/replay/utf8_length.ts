/**
 * `utf8Length`: how many bytes a string takes in UTF-8, counted without encoding
 * it, so that progress can be told in bytes of the file for every line.
 *
 * @module
 */

/** The UTF-8 byte length of `text` (which holds no lone surrogates, as decoded text never does). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    // Two bytes below U+0800; a surrogate pair is four bytes for two units; the rest three.
    bytes += unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}
