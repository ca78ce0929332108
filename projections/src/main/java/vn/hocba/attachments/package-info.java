/** Attachment bytes in MongoDB, deduplicated by sha2 and chunked under the document size limit. */
package vn.hocba.attachments;
