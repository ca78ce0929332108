/**
 * The event log on MongoDB: one document per commit keyed by its first global position, read by
 * tracking processors through keyed look-ups only, plus the single-writer statement ledger and the
 * Axon token store.
 */
package vn.hocba.eventlog;
