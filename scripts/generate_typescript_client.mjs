// Writes clients/typescript/src/schema.ts, the TypeScript client's types, from docs/openapi.json
// with openapi-typescript (`make client-typescript`). With --check it writes nothing and fails,
// showing the diff, when the committed file is not what the document generates (`make lint`).
//
// Two choices differ from openapi-typescript's defaults:
// - defaultNonNullable off: a property with a `default` stays optional when the schema does not
//   require it (a create may leave out `currency`, `status`...), as the document says.
// - A component schema that refers to itself (AttributeValue: a JSON value, arrays of itself
//   among its members) becomes a top-level type alias that components["schemas"] names: written
//   inline, as openapi-typescript writes it, tsc refuses it ("referenced directly or indirectly
//   in its own type annotation", openapi-ts/openapi-typescript#1603). The alias is the type
//   openapi-typescript generates, with the self-references pointing at the alias.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const DOCUMENT = "docs/openapi.json";
const OUTPUT = "clients/typescript/src/schema.ts";

async function generate() {
  const document = JSON.parse(readFileSync(join(root, DOCUMENT), "utf8"));
  const selfReferring = new Set(
    Object.entries(document.components?.schemas ?? {})
      .filter(([name, schema]) => JSON.stringify(schema).includes(`"#/components/schemas/${name}"`))
      .map(([name]) => name),
  );
  const aliases = [];
  const ast = await openapiTS(document, {
    defaultNonNullable: false,
    postTransform(type, { path }) {
      const name = /^#\/components\/schemas\/([^/]+)$/.exec(path ?? "")?.[1];
      if (!name || !selfReferring.has(name)) {
        return undefined;
      }
      const body = astToString(type).trim().replaceAll(`components["schemas"]["${name}"]`, name);
      aliases.push(`/** components["schemas"]["${name}"] (a type alias: it refers to itself) */\nexport type ${name} = ${body};\n`);
      return ts.factory.createTypeReferenceNode(name);
    },
  });
  return `${COMMENT_HEADER}${aliases.join("")}${astToString(ast)}`;
}

const generated = await generate();
if (!process.argv.includes("--check")) {
  writeFileSync(join(root, OUTPUT), generated);
  console.log(`wrote ${OUTPUT} from ${DOCUMENT}`);
} else if (readFileSync(join(root, OUTPUT), "utf8") !== generated) {
  const dir = mkdtempSync(join(tmpdir(), "schema-ts-"));
  try {
    writeFileSync(join(dir, "schema.ts"), generated);
    spawnSync("diff", ["-u", join(root, OUTPUT), join(dir, "schema.ts")], { stdio: "inherit" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.error(`${OUTPUT} is not what ${DOCUMENT} generates: run \`make client-typescript\``);
  process.exit(1);
} else {
  console.log(`${OUTPUT} is what ${DOCUMENT} generates`);
}
