/**
 * Operations on a running LRS: rebuilding any read model from event zero while ingestion goes on
 * ({@code /admin/rebuilds}, the {@code rebuild} command), with its progress.
 */
package vn.hocba.lrs.admin;
