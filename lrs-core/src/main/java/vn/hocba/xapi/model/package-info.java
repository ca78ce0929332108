/** Shared xAPI vocabulary: versions and identifiers used by every other package. */
package vn.hocba.xapi.model;
