// Generates src/api/schema.d.ts from the server's OpenAPI document (openapi-typescript).
//   node scripts/api-types.mjs [URL]          writes the file
//   node scripts/api-types.mjs --check [URL]  fails when the checked-in file differs
// URL defaults to $VIVID_URL or http://127.0.0.1:8080.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const args = process.argv.slice(2);
const check = args.includes("--check");
const base = args.find((a) => !a.startsWith("--")) ?? process.env.VIVID_URL ?? "http://127.0.0.1:8080";
const target = fileURLToPath(new URL("../src/api/schema.d.ts", import.meta.url));

const response = await fetch(`${base}/api/openapi.json`);
if (!response.ok) throw new Error(`${base}/api/openapi.json answered ${response.status}`);
const document = await response.json();
// utoipa names operations after their handler functions, so `get`, `list`, `delete` repeat
// across resources and the validator refuses the document. The client uses paths, not
// operation ids: drop them.
for (const item of Object.values(document.paths ?? {})) {
  for (const operation of Object.values(item)) if (operation && typeof operation === "object") delete operation.operationId;
}
const header = "// Generated from the server's OpenAPI document by scripts/api-types.mjs; do not edit.\n";
const text = header + astToString(await openapiTS(document));

if (check) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // Missing counts as different.
  }
  if (current !== text) {
    console.error("src/api/schema.d.ts differs from the server's OpenAPI document: run `npm run api:types` against a current server.");
    process.exit(1);
  }
  console.log("API types match the server's OpenAPI document.");
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
