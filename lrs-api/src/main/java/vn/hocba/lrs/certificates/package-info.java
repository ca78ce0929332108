/**
 * Completion certificates (docs/certificates.md): issuing them under signed checkpoints, the public
 * certificate and verification pages, the dashboard's list, and the offline command.
 */
package vn.hocba.lrs.certificates;
