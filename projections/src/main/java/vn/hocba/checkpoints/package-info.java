/**
 * Signed checkpoints of the hash chain: the writer that signs the chain head into the log, and the
 * read model ({@code chain_checkpoints}) that says which checkpoint covers a position.
 */
package vn.hocba.checkpoints;
