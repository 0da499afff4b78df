/**
 * `LineSplitter`: text chunks in, lines out, whatever the chunk boundaries.
 *
 * @module
 */

/**
 * Splits a stream of text into lines on `\n`, dropping a trailing `\r`. Every line is
 * emitted, blank ones included, so that a count of them is a line number; a last
 * line without a newline is emitted too. A line spread over many chunks is joined
 * once, at its end, so a very long line costs linear time.
 *
 * @example
 * ```ts
 * const lines = file.readable.pipeThrough(new TextDecoderStream()).pipeThrough(new LineSplitter());
 * ```
 */
export class LineSplitter extends TransformStream<string, string> {
  constructor() {
    let pieces: string[] = [];
    const line = (last: string) => {
      const text = pieces.length ? pieces.join("") + last : last;
      pieces = [];
      return text.endsWith("\r") ? text.slice(0, -1) : text;
    };
    super({
      transform(chunk, controller) {
        let start = 0;
        for (let end = chunk.indexOf("\n"); end !== -1; end = chunk.indexOf("\n", start)) {
          controller.enqueue(line(chunk.slice(start, end)));
          start = end + 1;
        }
        if (start < chunk.length) pieces.push(chunk.slice(start));
      },
      flush(controller) {
        if (pieces.length) controller.enqueue(line(""));
      },
    });
  }
}
