// The threaded zkcred wasm build (zkcred-peer-wasm-mt) in a dedicated
// worker: the rayon pool's workers and the calling thread block on shared
// memory (Atomics.wait), which a page's main thread may not do, so the
// page (bench.html) drives the prover here by messages. Each proof and
// verification is timed here, without the messages' round trip.
//
// In:  {id, op, args}; ops: init {threads}, load {name, key}, prove,
//      verify {tamper}, free
// Out: {id, ok: true, result} | {id, ok: false, error}
let z;
let prover;
let proof;

const ops = {
  async init({ threads }) {
    if (!self.crossOriginIsolated) throw new Error("the worker is not cross-origin isolated (no SharedArrayBuffer)");
    z = await import("/out/zkcred-peer-wasm-mt/zkcred_peer_wasm.js");
    await z.default();
    await z.initThreadPool(threads);
    // rayon::current_num_threads(), from inside the threaded module.
    return { poolThreads: z.poolThreads(), crossOriginIsolated: self.crossOriginIsolated };
  },
  load({ name, key }) {
    const t = performance.now();
    prover = new z.PeerProver(name, key, "plain");
    return { load_ms: performance.now() - t, public_inputs: prover.publicInputs(), table_bytes: prover.tableBytes() };
  },
  prove() {
    const t = performance.now();
    proof = prover.prove();
    return { ms: performance.now() - t, proof_bytes: proof.length };
  },
  verify({ tamper }) {
    const t = performance.now();
    const ok = prover.verify(proof, tamper);
    return { ms: performance.now() - t, ok };
  },
  free() {
    prover.free();
    prover = undefined;
    proof = undefined;
  },
};

self.onmessage = async ({ data: { id, op, args } }) => {
  try {
    if (typeof ops[op] !== "function") throw new Error(`unknown operation ${String(op)}`);
    self.postMessage({ id, ok: true, result: await ops[op](args ?? {}) });
  } catch (e) {
    self.postMessage({ id, ok: false, error: String(e && e.message ? e.message : e) });
  }
};
