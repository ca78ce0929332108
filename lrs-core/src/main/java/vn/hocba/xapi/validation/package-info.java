/**
 * Pure, version-aware validation of xAPI statements and actors: every violation is reported with
 * its JSON pointer and the specification rule it breaks, never with the offending personal data.
 */
package vn.hocba.xapi.validation;
