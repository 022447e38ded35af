#!/usr/bin/env node
// Compiles zkcred's contracts with the pinned solc (package.json) from
// standard JSON and writes artifacts/<Contract>.json (ABI and creation
// bytecode), the files the Rust crate embeds.
//
//   node build.js            write artifacts/
//   node build.js --check    compile and fail if artifacts/ differs
//   node build.js --file F --out DIR   compile one other source (an exported verifier)
"use strict";
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const SOURCES = ["Groth16.sol", "PoseidonT4.sol", "ScopeHash.sol", "ZkcredRegistry.sol", "AgeGate.sol", "CreditLine.sol"];
const CONTRACTS = ["Groth16Verifier", "ZkcredRegistry", "AgeGate", "CreditLine"];

function compile(sources) {
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      viaIR: true,
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors || []).filter((e) => e.severity === "error");
  for (const e of out.errors || []) console.error(e.formattedMessage);
  if (errors.length) process.exit(1);
  return out.contracts;
}

function artifact(name, c) {
  return JSON.stringify({ contractName: name, compiler: "solc-js " + solc.version(), abi: c.abi, bytecode: "0x" + c.evm.bytecode.object }, null, 2) + "\n";
}

const args = process.argv.slice(2);
if (args[0] === "--file") {
  const file = args[1];
  const outDir = args[3];
  const contracts = compile({ [path.basename(file)]: { content: fs.readFileSync(file, "utf8") } })[path.basename(file)];
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, c] of Object.entries(contracts)) {
    if (!c.evm.bytecode.object) continue;
    fs.writeFileSync(path.join(outDir, name + ".json"), artifact(name, c));
    console.log("compiled " + name);
  }
  process.exit(0);
}

const dir = __dirname;
const sources = {};
for (const f of SOURCES) sources[f] = { content: fs.readFileSync(path.join(dir, "sol", f), "utf8") };
const contracts = compile(sources);
let differ = false;
for (const name of CONTRACTS) {
  const file = Object.keys(contracts).find((f) => contracts[f][name]);
  const text = artifact(name, contracts[file][name]);
  const target = path.join(dir, "artifacts", name + ".json");
  if (args[0] === "--check") {
    const committed = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (committed !== text) {
      console.error("artifacts/" + name + ".json differs from a fresh compile (run: node contracts/build.js)");
      differ = true;
    } else {
      console.log("artifacts/" + name + ".json matches a fresh compile");
    }
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    console.log("wrote artifacts/" + name + ".json (" + (text.length) + " bytes)");
  }
}
if (differ) process.exit(1);
