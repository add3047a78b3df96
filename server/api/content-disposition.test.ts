import { contentDisposition } from './content-disposition';

describe('contentDisposition (RFC 6266)', () => {
  it('sends a plain ASCII name as it is', () => {
    expect(contentDisposition('model.onnx')).toBe('attachment; filename="model.onnx"');
  });

  it('adds the UTF-8 name (RFC 8187) beside an ASCII fallback for any other name', () => {
    expect(contentDisposition('数据.csv')).toBe(`attachment; filename="__.csv"; filename*=UTF-8''%E6%95%B0%E6%8D%AE.csv`);
    expect(contentDisposition("it's (a) *test*.txt")).toBe(`attachment; filename="it's (a) *test*.txt"`);
    expect(contentDisposition('naïve "quoted" \\ name.txt')).toBe(
      `attachment; filename="na_ve _quoted_ _ name.txt"; filename*=UTF-8''na%C3%AFve%20%22quoted%22%20%5C%20name.txt`
    );
  });

  it('never lets a line break or control character into the header', () => {
    const header = contentDisposition('a\r\nSet-Cookie: x=1\u0000.txt');
    // eslint-disable-next-line no-control-regex -- the control character is what the header must not hold
    expect(header).not.toMatch(/[\r\n\u0000]/);
    expect(header).toContain(`filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x%3D1%00.txt`);
  });

  it('encodes a lone surrogate as U+FFFD instead of throwing', () => {
    expect(contentDisposition('a\uD800.txt')).toBe(`attachment; filename="a_.txt"; filename*=UTF-8''a%EF%BF%BD.txt`);
  });

  it('escapes the characters encodeURIComponent leaves but RFC 8187 does not allow', () => {
    expect(contentDisposition("é'()*")).toBe(`attachment; filename="_'()*"; filename*=UTF-8''%C3%A9%27%28%29%2A`);
  });
});
