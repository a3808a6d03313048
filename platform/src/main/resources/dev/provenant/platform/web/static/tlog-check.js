// Checks the release's transparency-log entry in the browser with WebCrypto, so that the page does
// not ask to be trusted: the leaf hash of the logged body, the RFC 9162 inclusion proof up to the
// proof's root, and the checkpoint (C2SP signed-note) that commits to that root and size, signed
// by the log key of the instance's trusted root. Reads the data from #tlog-entry; writes the
// outcome into #tlog-check (data-result = passed | failed).
(function () {
  "use strict";
  const enc = new TextEncoder();
  const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const hex = (u) => Array.from(u, (x) => x.toString(16).padStart(2, "0")).join("");
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  };
  const sha256 = async (...parts) => new Uint8Array(await crypto.subtle.digest("SHA-256", concat(...parts)));
  const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  // RFC 9162 section 2.1.3.2: "verify that leaf_index is less than tree_size"; fn/sn walk; "verify
  // that sn is 0" and that the computed root equals the expected one.
  async function rootFromInclusionProof(index, size, leafHash, proof) {
    if (index >= size) throw new Error("leaf index " + index + " is not below tree size " + size);
    let fn = index, sn = size - 1n, r = leafHash;
    for (const p of proof) {
      if (sn === 0n) throw new Error("inclusion proof is longer than the tree allows");
      if ((fn & 1n) === 1n || fn === sn) {
        r = await sha256(Uint8Array.of(1), p, r);
        if ((fn & 1n) === 0n) {
          while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
        }
      } else {
        r = await sha256(Uint8Array.of(1), r, p);
      }
      fn >>= 1n; sn >>= 1n;
    }
    if (sn !== 0n) throw new Error("inclusion proof is shorter than the tree needs");
    return r;
  }

  // An ASN.1 DER ECDSA signature as WebCrypto's fixed-size r || s.
  function derToRaw(der, size) {
    let i = 0;
    if (der[i++] !== 0x30) throw new Error("signature is not a DER sequence");
    if (der[i] & 0x80) i += (der[i] & 0x7f) + 1; else i++;
    const out = new Uint8Array(2 * size);
    for (let k = 0; k < 2; k++) {
      if (der[i++] !== 0x02) throw new Error("signature integer expected");
      let len = der[i++];
      let v = der.slice(i, i + len);
      i += len;
      while (v.length > size && v[0] === 0) v = v.slice(1);
      if (v.length > size) throw new Error("signature integer too long");
      out.set(v, k * size + size - v.length);
    }
    return out;
  }

  async function check(data) {
    const steps = [];
    const proof = data.inclusionProof;
    if (!proof) throw new Error("the entry has no inclusion proof");
    const body = b64(data.canonicalizedBody);
    // RFC 6962 section 2.1: leaf hash = SHA-256(0x00 || entry).
    const leaf = await sha256(Uint8Array.of(0), body);
    const index = BigInt(proof.logIndex), size = BigInt(proof.treeSize);
    if (BigInt(data.index) !== index) {
      throw new Error("the proof is for index " + index + ", the entry is " + data.index);
    }
    const root = await rootFromInclusionProof(index, size, leaf, proof.hashes.map(b64));
    if (!equal(root, b64(proof.rootHash))) {
      throw new Error("inclusion proof: computed root " + hex(root) + ", expected " + hex(b64(proof.rootHash)));
    }
    steps.push("inclusion proof of leaf " + index + " in a tree of " + size + " leads to root " + hex(root));

    // C2SP signed-note: the text ends at the first blank line; each signature line is
    // "— <name> <base64(key hash[4] || signature)>".
    const note = proof.checkpoint;
    const cut = note.indexOf("\n\n");
    if (cut < 0) throw new Error("checkpoint has no signature block");
    const text = note.slice(0, cut + 1);
    const lines = text.split("\n");
    // C2SP tlog-checkpoint: origin, tree size (decimal), root hash (base64), then extension lines.
    if (BigInt(lines[1]) !== size) throw new Error("checkpoint size " + lines[1] + " is not the proof's " + size);
    if (!equal(b64(lines[2]), root)) throw new Error("checkpoint root " + hex(b64(lines[2])) + " is not the proven root " + hex(root));
    if (!data.publicKey) throw new Error("the instance's trusted root has no key for this log");
    const spki = b64(data.publicKey);
    const keyHash = (await sha256(spki)).slice(0, 4);
    const key = await crypto.subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    let verified = false;
    for (const line of note.slice(cut + 2).split("\n")) {
      if (!line.startsWith("\u2014 ")) continue;
      const sig = b64(line.slice(line.lastIndexOf(" ") + 1));
      if (!equal(sig.slice(0, 4), keyHash)) continue;
      verified = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, derToRaw(sig.slice(4), 32), enc.encode(text));
      if (verified) break;
    }
    if (!verified) throw new Error("no checkpoint signature verifies with the log key");
    steps.push("checkpoint for tree size " + size + " signed by the log (" + lines[0] + ")");
    return steps;
  }

  async function run() {
    const out = document.getElementById("tlog-check");
    const el = document.getElementById("tlog-entry");
    if (!out || !el) return "absent";
    out.dataset.result = "pending";
    out.textContent = "Checking in this browser…";
    try {
      if (!window.crypto || !crypto.subtle) throw new Error("WebCrypto is not available (needs a secure context)");
      const steps = await check(JSON.parse(el.textContent));
      out.dataset.result = "passed";
      out.textContent = "Checked in this browser: PASSED — " + steps.join("; ") + ".";
    } catch (e) {
      out.dataset.result = "failed";
      out.textContent = "Checked in this browser: FAILED — " + e.message;
    }
    return out.dataset.result;
  }

  window.provenantCheckTlog = run;
  document.addEventListener("DOMContentLoaded", () => {
    run();
    const again = document.getElementById("tlog-recheck");
    if (again) { again.hidden = false; again.addEventListener("click", run); }
  });
})();
