// Creates `dlz-user-container` in Azurite and prints, as shell export lines, three container
// SAS URIs shaped like the Data Landing Zone's `SASUri`: read/add/create/write/delete/list
// for a day, the same already expired, and read/list only.
//
// Usage: AZURITE_TOOLS=.tools/azurite node scripts/azurite-setup.mjs http://127.0.0.1:PORT
// (called by scripts/azurite.sh, which installs the packages into AZURITE_TOOLS).

import { createRequire } from "node:module";
import path from "node:path";

const tools = process.env.AZURITE_TOOLS;
const endpoint = process.argv[2];
if (!tools || !endpoint) {
  console.error("usage: AZURITE_TOOLS=DIR node azurite-setup.mjs http://127.0.0.1:PORT");
  process.exit(2);
}
// The packages live in .tools/azurite, not beside this script: resolve from there.
const require = createRequire(path.join(path.resolve(tools), "package.json"));
const {
  BlobServiceClient,
  StorageSharedKeyCredential,
  ContainerSASPermissions,
  SASProtocol,
  generateBlobSASQueryParameters,
} = require("@azure/storage-blob");

// Azurite's well-known development account (public, documented by Azurite itself).
const ACCOUNT = "devstoreaccount1";
const KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const CONTAINER = "dlz-user-container";

const credential = new StorageSharedKeyCredential(ACCOUNT, KEY);
const service = new BlobServiceClient(`${endpoint}/${ACCOUNT}`, credential);
const container = service.getContainerClient(CONTAINER);
await container.createIfNotExists();

const HOUR = 3600 * 1000;
const now = Date.now();
function sasUri(permissions, startsOn, expiresOn) {
  const sas = generateBlobSASQueryParameters(
    {
      containerName: CONTAINER,
      permissions: ContainerSASPermissions.parse(permissions),
      startsOn: new Date(startsOn),
      expiresOn: new Date(expiresOn),
      protocol: SASProtocol.HttpsAndHttp,
    },
    credential,
  ).toString();
  return `${container.url}?${sas}`;
}

// Starts a little in the past so clock skew between the two processes cannot matter.
const lines = {
  FLOWSCOPE_AZURITE_SAS_URI: sasUri("racwdl", now - HOUR, now + 24 * HOUR),
  FLOWSCOPE_AZURITE_EXPIRED_SAS_URI: sasUri("racwdl", now - 3 * HOUR, now - HOUR),
  FLOWSCOPE_AZURITE_READONLY_SAS_URI: sasUri("rl", now - HOUR, now + 24 * HOUR),
};
for (const [name, value] of Object.entries(lines)) {
  console.log(`export ${name}='${value}'`);
}
