/**
 * Statement attachments as pure rules: the multipart/mixed body (Communication 1.5.2), matching raw
 * parts to attachment metadata by sha2 (Data 2.4.11) and signed statements (Data 2.6). No IO.
 */
package vn.hocba.xapi.attachments;
