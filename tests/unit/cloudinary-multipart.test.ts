import { describe, expect, it } from "vitest";
import { boundaryOf, splitMultipart } from "../../sandbox/cloudinary/multipart";

// As the Cloudinary SDK writes its bodies (uploader.js encodeFieldPart / encodeFilePart).
const field = (b: string, name: string, value: string) => `--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const fileHead = (b: string, filename: string) => `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;

describe("the Cloudinary sandbox's multipart reader", () => {
  it("reads the SDK's bodies with a one-character boundary, fields and file alike", () => {
    const b = "4";
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x2d, 0x2d, 0x34]);
    const body = Buffer.concat([
      Buffer.from(field(b, "public_id", "org/1/cover/2") + field(b, "timestamp", "1796000004") + fileHead(b, "c.png")),
      png,
      Buffer.from(`\r\n--${b}--`),
    ]);
    expect(boundaryOf(`multipart/form-data; boundary=${b}`)).toBe("4");
    const parts = splitMultipart(body, b);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([["public_id", null], ["timestamp", null], ["file", "c.png"]]);
    expect(parts[1]!.data.toString()).toBe("1796000004");
    expect(parts[2]!.data.equals(png)).toBe(true);
  });

  it("refuses a body that is not multipart with that boundary", () => {
    expect(() => splitMultipart(Buffer.from("--x\r\nno end"), "x")).toThrow();
    expect(() => splitMultipart(Buffer.from("hello"), "4")).toThrow(/does not start/);
  });
});
