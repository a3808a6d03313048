#!/usr/bin/env node
// Interop driver: sigstore-js (@sigstore/sign) signs with a fresh P-256 key and records the
// signature in a Rekor v1 compatible log through its RekorWitness, then writes the bundle.
// Usage: node sign-with-log.js --rekor-url URL --kind message|dsse|intoto --key-out PEM
//                              --bundle OUT ARTIFACT
// For dsse/intoto the signed payload is an in-toto Statement whose subject is ARTIFACT.
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const { MessageSignatureBundleBuilder, DSSEBundleBuilder, RekorWitness } = require('@sigstore/sign');
const { bundleToJSON } = require('@sigstore/bundle');

function args(argv) {
  const a = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) a[argv[i].slice(2)] = argv[++i];
    else a.artifact = argv[i];
  }
  return a;
}

async function main() {
  const a = args(process.argv.slice(2));
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  fs.writeFileSync(a['key-out'], pem);
  const signer = {
    sign: async (data) => ({
      signature: crypto.sign('sha256', data, privateKey),
      key: { $case: 'publicKey', publicKey: pem, hint: '' },
    }),
  };
  const witness = new RekorWitness({
    rekorBaseURL: a['rekor-url'],
    entryType: a.kind === 'intoto' ? 'intoto' : 'dsse',
    fetchOnConflict: true,
    retry: 0,
  });
  const artifact = fs.readFileSync(a.artifact);
  let bundle;
  if (a.kind === 'message') {
    bundle = await new MessageSignatureBundleBuilder({ signer, witnesses: [witness] })
      .create({ data: artifact });
  } else {
    const digest = crypto.createHash('sha256').update(artifact).digest('hex');
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'artifact', digest: { sha256: digest } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: { buildDefinition: { buildType: 'https://example.test/interop' } },
    };
    bundle = await new DSSEBundleBuilder({ signer, witnesses: [witness] }).create({
      data: Buffer.from(JSON.stringify(statement)),
      type: 'application/vnd.in-toto+json',
    });
  }
  fs.writeFileSync(a.bundle, JSON.stringify(bundleToJSON(bundle), null, 2));
  const e = bundle.verificationMaterial.tlogEntries[0];
  console.log(JSON.stringify({ kind: e.kindVersion.kind, version: e.kindVersion.version, logIndex: e.logIndex }));
}

main().catch((e) => {
  console.error('sign FAILED:', e.code || '', e.message);
  process.exit(1);
});
