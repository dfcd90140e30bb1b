import { customType } from "drizzle-orm/pg-core";

// drizzle has no bytea column: pg and Neon hand back a Buffer, PGlite a plain Uint8Array.
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array | string }>({
  dataType() {
    return "bytea";
  },
  toDriver(value: Buffer) {
    return value;
  },
  fromDriver(value) {
    if (typeof value === "string") {
      return Buffer.from(value.startsWith("\\x") ? value.slice(2) : value, "hex");
    }
    return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  },
});
