/**
 * Per-person progress in each programme, projected from the statement log and the rosters: one
 * document per (programme, learner) holding the learner's history ({@link
 * vn.hocba.programme.PersonRecord}), from which progress and dashboards are computed as of any
 * moment.
 */
package vn.hocba.progress;
