/**
 * Programmes, rosters, per-person progress and the target dashboards (docs/dashboard-api.md): the
 * JSON and CSV API behind the {@code dashboard} and {@code roster} scopes.
 */
package vn.hocba.lrs.dashboard;
