/**
 * Moving statement history between LRSs: the NDJSON export and import of the admin API, and the
 * {@code export}, {@code import} and {@code pull} commands that drive them over HTTP.
 */
package vn.hocba.lrs.migration;
