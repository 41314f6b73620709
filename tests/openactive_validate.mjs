// Validates OpenActive JSON with the official @openactive/data-model-validator.
// Reads a JSON array of documents (RPDE pages or opportunity items) from stdin and writes, for each,
// the list of problems found: [{severity, type, message, path}, ...], as one JSON array.
// The validator fetches the OpenActive activity list to check activities; it gets the copy in
// tests/offers/openactive/ through its own file cache instead, so no network is needed.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import validator from "@openactive/data-model-validator";

const LIST = "https://openactive.io/activity-list";
const cache = mkdtempSync(join(tmpdir(), "openactive-"));
const list = JSON.parse(gunzipSync(readFileSync(new URL("offers/openactive/activity-list.jsonld.gz", import.meta.url))));
const key = createHash("sha256").update(LIST).digest("hex");
writeFileSync(
  join(cache, `${key}.json`),
  JSON.stringify({
    errorCode: "error_none",
    data: list,
    statusCode: 200,
    url: LIST,
    exception: null,
    contentType: "application/ld+json",
    fetchTime: Date.now(),
  }),
);
const options = {
  loadRemoteJson: true,
  remoteJsonCachePath: cache,
  remoteJsonCacheTimeToLive: 86400,
  rpdeItemLimit: 100000,
};

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const documents = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = [];
for (const document of documents) {
  const problems = await validator.validate(document, options);
  results.push(problems.map(({ severity, type, message, path }) => ({ severity, type, message, path })));
}
process.stdout.write(JSON.stringify(results));
