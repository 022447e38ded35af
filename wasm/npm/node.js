// zkcred-wasm's Node entry (package.json "exports" -> "node"): loads the
// .wasm from disk at import, so `import { verify } from "zkcred-wasm"` works
// with no init call. Everything else is the browser entry's.
import { readFileSync } from "node:fs";
import { initSync } from "./zkcred_wasm.js";
import { setCeremonySource } from "./ceremony.js";

initSync({ module: readFileSync(new URL("./zkcred_wasm_bg.wasm", import.meta.url)) });
// The ceremony module (`contribute`) is read from disk on first use.
setCeremonySource(() => readFileSync(new URL("./ceremony/zkcred_ceremony_bg.wasm", import.meta.url)));

export * from "./index.js";
