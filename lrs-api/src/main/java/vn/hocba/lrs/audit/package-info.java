/**
 * Tamper evidence: the chain verifier's endpoint and command, the signing keys, the signed
 * checkpoints' schedule and endpoints, and the published public keys (docs/tamper-evidence.md).
 */
package vn.hocba.lrs.audit;
